import { JDM_LABELS, JDM_ORDER } from "../../shared/decisionLog";
import { MARKING } from "../../shared/replay";
import type { Decision } from "../../shared/state";
import { londonIso } from "../export/londonTime";

/**
 * The decision log printed on its own (issue 11 item 5): an A4 HTML page, every printed page
 * marked OFFICIAL-SENSITIVE at top and bottom and numbered "Page N of M" in the page margins
 * (CSS @page margin boxes, which Chromium prints), with the log's head seq and hash and who
 * printed it when, so a loose sheet can be tied back to the hash-chained log.
 */
export interface DecisionPrintContext {
  opId: string;
  opName: string;
  /** When the operation was opened (for the date of the log). */
  openedAt: number;
  printedAt: number;
  printedBy: { name: string; role: string };
  headSeq: number;
  headHash: string | null;
}

const ROLE_NAMES: Record<string, string> = { gold: "Gold", commander: "Silver", bronze: "Bronze" };
const roleName = (role: string) => ROLE_NAMES[role] ?? role;
/** "Insp. Sam Okafor (Bronze)", unless the account's name already says the role. */
const who = (a: { name: string; role: string }) => (a.name.includes(roleName(a.role)) ? a.name : `${a.name} (${roleName(a.role)})`);

const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** A CSS string literal: quotes and backslashes escaped, and no `<` that could end the style element. */
const cssString = (s: string) => `"${s.replace(/[\\"<>\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;

const LONDON = { timeZone: "Europe/London" } as const;
const clock = (ms: number) =>
  new Intl.DateTimeFormat("en-GB", { ...LONDON, hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(ms);
const day = (ms: number) => new Intl.DateTimeFormat("en-GB", { ...LONDON, day: "numeric", month: "long", year: "numeric" }).format(ms);
const dateTime = (ms: number) => new Intl.DateTimeFormat("en-GB", { ...LONDON, dateStyle: "long", timeStyle: "medium" }).format(ms);

function style(ctx: DecisionPrintContext): string {
  const head = `Events 1–${ctx.headSeq} · head ${(ctx.headHash ?? "none").slice(0, 16)}…`;
  const printed = `Printed ${dateTime(ctx.printedAt)} by ${who(ctx.printedBy)}`;
  const margin = `font: 8pt "DejaVu Sans", Arial, sans-serif; color: #333;`;
  // Never broken at its hyphen, however long the boxes beside it.
  const marking = `font: 700 10pt "DejaVu Sans", Arial, sans-serif; letter-spacing: .08em; color: #8b0000; white-space: nowrap;`;
  return `
@page { size: A4; margin: 18mm 14mm 18mm;
  @top-center { content: ${cssString(MARKING)}; ${marking} }
  @top-left { content: ${cssString(`Decision log — ${ctx.opName}`)}; ${margin} }
  @top-right { content: ${cssString(printed)}; ${margin} }
  @bottom-center { content: ${cssString(MARKING)}; ${marking} }
  @bottom-left { content: ${cssString(head)}; ${margin} }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); ${margin} } }
body { font: 10pt/1.4 "DejaVu Sans", Arial, sans-serif; color: #111; margin: 0 auto; max-width: 182mm; }
.screen-marking { text-align: center; font-weight: 700; letter-spacing: .08em; color: #fff; background: #8b0000; padding: 1.5mm 0; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
.about { border: 1px solid #999; padding: 2mm 3mm; margin: 0 0 5mm; font-size: 9pt; }
.about dt { float: left; clear: left; width: 34mm; color: #444; } .about dd { margin: 0 0 .6mm 35mm; }
code { font-size: 8pt; word-break: break-all; }
.entry { border-top: 1.5px solid #333; padding: 2mm 0 3mm; break-inside: avoid; }
.entry h2 { font-size: 10.5pt; margin: 0 0 1.5mm; display: flex; gap: 4mm; }
.entry h2 .id { margin-left: auto; font-weight: 400; color: #555; font-family: monospace; }
.entry dl { margin: 0; } .entry dt { font-weight: 700; font-size: 8.5pt; color: #333; margin-top: 1.2mm; }
.entry dd { margin: 0; white-space: pre-wrap; } .entry dd ol { margin: 0; padding-left: 6mm; white-space: normal; }
.decision dd { font-weight: 700; }
.end { border-top: 1.5px solid #333; padding-top: 2mm; font-size: 9pt; color: #333; }
@media screen { body { padding: 6mm 0 12mm; } }
@media print { .screen-marking { display: none; } }
`;
}

function entry(d: Decision, n: number): string {
  const steps = JDM_ORDER.filter((k) => d[k] !== undefined).map((k) => {
    const value = k === "options" ? `<ol>${(d.options ?? []).map((o) => `<li>${esc(o)}</li>`).join("")}</ol>` : esc(d[k]);
    return `<dt>${esc(JDM_LABELS[k])}</dt><dd>${value}</dd>`;
  });
  return `<section class="entry"><h2><span>${n}. ${esc(clock(d.at))}</span><span>${esc(who(d.actor))}</span><span class="id">${esc(d.id)} · event ${d.seq}</span></h2>
<dl class="decision"><dt>Decision</dt><dd>${esc(d.decision)}</dd></dl><dl><dt>Rationale</dt><dd>${esc(d.rationale)}</dd>${steps.join("")}</dl></section>`;
}

/** The whole print, oldest decision first (the order they were made in). */
export function decisionPrint(decisions: readonly Decision[], ctx: DecisionPrintContext): string {
  const about = [
    ["Operation", `${esc(ctx.opName)} (${esc(ctx.opId)}), ${esc(day(ctx.openedAt))}`],
    ["Decisions", String(decisions.length)],
    ["Log head", `event ${ctx.headSeq}, hash <code>${esc(ctx.headHash ?? "none")}</code>`],
    ["Printed", `${esc(londonIso(ctx.printedAt))} by ${esc(who(ctx.printedBy))}`],
  ]
    .map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`)
    .join("");
  const body = decisions.length === 0 ? "<p>No decisions logged.</p>" : decisions.map((d, i) => entry(d, i + 1)).join("\n");
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${MARKING} — Decision log: ${esc(ctx.opName)}</title><style>${style(ctx)}</style></head><body>
<div class="screen-marking">${MARKING}</div>
<h1>Decision log</h1>
<dl class="about">${about}</dl>
${body}
<p class="end">End of the decision log: ${decisions.length} ${decisions.length === 1 ? "decision" : "decisions"}, from the operation's hash-chained event log, events 1–${ctx.headSeq}, head hash <code>${esc(ctx.headHash ?? "none")}</code>. Append-only: a decision is never edited; a change of mind is a new entry. ${MARKING}.</p>
</body></html>`;
}
