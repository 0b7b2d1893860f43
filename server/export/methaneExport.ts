import { METHANE_FIELD_LABELS, methaneLines, reportName } from "../../shared/methane";
import type { Incident, TimelineEntry } from "../../shared/state";

/**
 * METHANE in the exports (issue 11 item 6). The event-log export holds every `MethaneReported`
 * event as logged; these make it readable where people read: the incident-log CSV's detail for
 * the revision's step (the whole report, letter by letter), and a section of the printed report
 * with every revision of every incident.
 */

/** The CSV detail of a METHANE step: its timeline line, then every letter of that revision. */
export function methaneStepDetail(i: Incident, step: TimelineEntry): string {
  const rev = i.methane?.find((r) => r.seq === step.seq);
  if (!rev) return step.text;
  return [step.text, ...methaneLines(rev.report).map(([letter, label, text]) => `${letter} — ${label}: ${text}`)].join("\n");
}

type Esc = (s: unknown) => string;
type Clock = (ms: number) => string;

/** "Major incident (METHANE)": every revision of every incident that has one, in order of report. */
export function* methaneSection(incidents: readonly Incident[], esc: Esc, clock: Clock): Generator<string> {
  const reported = incidents.filter((i) => (i.methane?.length ?? 0) > 0);
  yield `<h2>Major incident: METHANE reports (${reported.length})</h2>`;
  if (reported.length === 0) {
    yield '<p class="note">No METHANE or ETHANE report was made.</p>';
    return;
  }
  yield '<p class="note">Every revision as it was sent; "changed" names what differed from the revision before.</p>';
  for (const i of reported) {
    for (const rev of i.methane ?? []) {
      const changed = rev.changed.length > 0 ? ` · changed: ${rev.changed.map((f) => METHANE_FIELD_LABELS[f]).join(", ")}` : "";
      yield `<h3>${esc(i.ref)} — ${reportName(rev.report)} revision ${rev.revision}, ${esc(clock(rev.at))}, by ${esc(rev.actor.name)} (${esc(rev.actor.role)})${esc(changed)}</h3>`;
      yield "<table><tbody>";
      for (const [letter, label, text] of methaneLines(rev.report)) {
        yield `<tr><th>${letter}</th><td>${esc(label)}</td><td>${esc(text)}</td></tr>`;
      }
      yield "</tbody></table>";
    }
  }
}
