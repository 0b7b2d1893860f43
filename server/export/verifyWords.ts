import { londonIso } from "./londonTime";
import type { VerifyReport } from "./verifyExport";

/**
 * The verifier's report in plain words: what was proven, what was not, and every problem found,
 * for a reader who is not a programmer (a review panel, a court).
 */
export function reportInWords(file: string, r: VerifyReport): string {
  const out: string[] = [];
  const range = r.events.first === null ? "no events" : `${r.events.count} events (seq ${r.events.first}–${r.events.last})`;
  out.push(`Cordon event log: ${file}`);
  const h = r.header;
  out.push(h ? `Operation ${h.opId ?? "?"}${h.name ? ` "${h.name}"` : ""}; ${range}.` : `No header; ${range}.`);
  if (h) {
    const when = h.exportedAt === null ? "an unknown time" : londonIso(h.exportedAt);
    out.push(`Exported by ${h.exportedBy ?? "?"} at ${when}, reason "${h.reason ?? "?"}", recipient "${h.recipient ?? "?"}".`);
  }
  out.push("");

  const proven: string[] = [];
  const notProven: string[] = [];
  if (r.chainIntact && r.events.last !== null) proven.push(`The events form one unbroken hash chain from seq 1 to seq ${r.events.last}.`);
  if (h?.signature === "valid")
    proven.push("The header is the manifest the server signed: operation, head, exported by, reason and recipient are as exported.");
  if (h?.signature === "not-checked") notProven.push("The header's signature was not checked: give the server's public key with --key.");
  if (!h)
    notProven.push(
      "Without a header nothing says where the log should end: events missing from the end cannot be detected from this file alone.",
    );
  const c = r.checkpoints;
  if (!c.given) {
    notProven.push(
      "No checkpoints were given (--checkpoints): nothing outside this file pins the chain, so a log rewritten and re-hashed as a whole would look intact.",
    );
  } else {
    if (!c.signaturesChecked) notProven.push("The checkpoints' signatures were not checked: give the server's public key with --key.");
    if (c.confirmedTo) {
      proven.push(
        `Seq 1 to ${c.confirmedTo.seq} are exactly the events the server had logged when it signed the checkpoint at ${londonIso(c.confirmedTo.at)}.`,
      );
      if (r.events.last !== null && c.confirmedTo.seq < r.events.last) {
        const after = r.events.lastAt === null ? "" : ` (up to ${londonIso(r.events.lastAt)})`;
        notProven.push(
          `Nothing after seq ${c.confirmedTo.seq} (${londonIso(c.confirmedTo.at)}) is covered by a checkpoint: seq ${c.confirmedTo.seq + 1}–${r.events.last}${after} rest on the chain and the header alone.`,
        );
      }
    } else {
      notProven.push(`None of the ${c.read} checkpoints for this operation confirms an event in this file.`);
    }
  }

  if (proven.length > 0) out.push("Proven:", ...proven.map((p) => `  - ${p}`), "");
  if (notProven.length > 0) out.push("Not proven:", ...notProven.map((p) => `  - ${p}`), "");
  if (r.ok) {
    out.push("RESULT: OK — no alteration, removal, reordering, repetition, truncation or addition found.");
  } else {
    out.push(`RESULT: FAILED — ${r.findings.length} problem${r.findings.length === 1 ? "" : "s"}:`);
    for (const f of r.findings) out.push(`  - ${f.message}`);
  }
  return out.join("\n");
}
