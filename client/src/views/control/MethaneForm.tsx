import "../../styles/methane.css";
import { type FormEvent, useState } from "react";
import { CASUALTY_KINDS, CASUALTY_LABELS, METHANE_SERVICE_LABELS, rvpsOf } from "../../../../shared/methane";
import { latestMethane } from "../../../../shared/methaneRules";
import type { Incident } from "../../../../shared/state";
import { useCommand } from "../../ui/useCommand";
import { venuePlan } from "../../venue/plan";
import { FormFooter, useReturnFocus } from "./CreateIncident";
import { formKeys } from "./formKeys";
import { bodyOf, draftFor, type MethaneDraft, missingOf, SERVICES } from "./methaneDraft";
import { PlacePicker } from "./PlacePicker";

const RVPS = rvpsOf(venuePlan);

/**
 * The METHANE form (JESIP) on an incident: a first report, or an update that becomes the next
 * revision. Prefilled from the latest revision, so an update changes only what is new; every
 * field is sent each time (a revision read alone is whole). "No" to the first question makes it
 * an ETHANE report.
 */
export function MethaneForm({ incident, onDone }: { incident: Incident; onDone(): void }) {
  const [d, setDraft] = useState<MethaneDraft>(() => draftFor(incident));
  const { run, busy, blocked } = useCommand();
  const returnFocus = useReturnFocus();
  const set = <K extends keyof MethaneDraft>(key: K, value: MethaneDraft[K]) => setDraft((x) => ({ ...x, [key]: value }));
  const missing = missingOf(d);
  const next = (latestMethane(incident)?.revision ?? 0) + 1;
  const name = d.major === false ? "ETHANE" : "METHANE";

  function cancel() {
    onDone();
    returnFocus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || missing.length > 0) return;
    if (await run("incident:methane", bodyOf(incident.id, d))) cancel();
  }

  return (
    <form
      className="incident-form incident-form-inline methane-form"
      onSubmit={submit}
      onKeyDown={formKeys(cancel)}
      aria-label="METHANE report"
    >
      <header className="incident-form-head">
        <h3>
          {name} report · {incident.ref}
        </h3>
        <span className="muted small">{next === 1 ? "first report" : `update: revision ${next}`}</span>
      </header>
      <fieldset className="methane-letter methane-major">
        <legend>
          <b>M</b> Major incident declared?
        </legend>
        <div className="seg" role="radiogroup" aria-label="Major incident declared?">
          {([true, false] as const).map((v) => (
            <label key={String(v)} className={`seg-btn methane-choice${d.major === v ? " seg-on" : ""}`}>
              <input type="radio" name="major" checked={d.major === v} onChange={() => set("major", v)} />
              {v ? "Yes — declare a major incident" : "No (ETHANE)"}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="methane-letter">
        <PlacePicker value={d.where} onChange={(w) => set("where", w)} pickFor="methane" label="E  Exact location" />
      </div>
      <label className="field methane-letter">
        <span className="field-label">T Type of incident</span>
        <input
          value={d.type}
          maxLength={300}
          onChange={(e) => set("type", e.target.value)}
          placeholder="e.g. crowd crush at the turnstiles"
        />
      </label>
      <label className="field methane-letter">
        <span className="field-label">H Hazards, present and potential</span>
        <textarea rows={2} maxLength={1000} value={d.hazards} onChange={(e) => set("hazards", e.target.value)} />
      </label>
      <fieldset className="methane-letter">
        <legend>
          <b>A</b> Access: routes in and out, rendezvous points
        </legend>
        <textarea
          rows={2}
          maxLength={1000}
          aria-label="Access routes"
          value={d.routes}
          onChange={(e) => set("routes", e.target.value)}
          placeholder="e.g. South Way from the east; Olympic Way closed"
        />
        <div className="methane-rvps">
          {RVPS.map((r) => (
            <label key={r.id} className="methane-check">
              <input
                type="checkbox"
                checked={d.rvpIds.includes(r.id)}
                onChange={(e) => set("rvpIds", e.target.checked ? [...d.rvpIds, r.id] : d.rvpIds.filter((x) => x !== r.id))}
              />
              {r.name}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="methane-letter">
        <legend>
          <b>N</b> Number and type of casualties
        </legend>
        <div className="methane-counts">
          {CASUALTY_KINDS.map((k) => (
            <label key={k} className="field">
              <span className="field-label">{CASUALTY_LABELS[k]}</span>
              <input
                inputMode="numeric"
                value={d.counts[k]}
                placeholder="0"
                maxLength={5}
                onChange={(e) => set("counts", { ...d.counts, [k]: e.target.value })}
              />
            </label>
          ))}
        </div>
        <input
          aria-label="Casualties, in words"
          maxLength={1000}
          value={d.casualtiesText}
          onChange={(e) => set("casualtiesText", e.target.value)}
          placeholder="In words: where they are, children, trapped…"
        />
      </fieldset>
      <ServicesFields d={d} set={set} />
      <FormFooter busy={busy} blocked={blocked} missing={missing} submitLabel={`Send ${name} (revision ${next})`} onCancel={cancel} />
    </form>
  );
}

type Set = <K extends keyof MethaneDraft>(key: K, value: MethaneDraft[K]) => void;

/** E: each service, present and required, and the words. */
function ServicesFields({ d, set }: { d: MethaneDraft; set: Set }) {
  return (
    <fieldset className="methane-letter">
      <legend>
        <b>E</b> Emergency services present and required
      </legend>
      <table className="methane-services">
        <thead>
          <tr>
            <th />
            <th>Present</th>
            <th>Required</th>
          </tr>
        </thead>
        <tbody>
          {SERVICES.map((s) => (
            <tr key={s}>
              <th scope="row">{METHANE_SERVICE_LABELS[s]}</th>
              {(["present", "required"] as const).map((k) => (
                <td key={k}>
                  <input
                    type="checkbox"
                    aria-label={`${METHANE_SERVICE_LABELS[s]} ${k}`}
                    checked={d.services[s][k]}
                    onChange={(e) => set("services", { ...d.services, [s]: { ...d.services[s], [k]: e.target.checked } })}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <input
        aria-label="Services, in words"
        maxLength={500}
        value={d.servicesText}
        onChange={(e) => set("servicesText", e.target.value)}
        placeholder="e.g. 2 ambulances on scene, HART requested"
      />
    </fieldset>
  );
}
