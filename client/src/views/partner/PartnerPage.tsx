import "./partner.css";
import { type FormEvent, useEffect, useState } from "react";
import { INCIDENT_TYPE_LABELS, INCIDENT_TYPES } from "../../../../shared/domain";
import { listOperations, type OperationSummary } from "../../api/operations";
import { useAuth } from "../../auth/AuthContext";
import { postsBySector } from "../../venue/plan";
import { type EvidenceReceipt, sendEvidence } from "./evidenceApi";
import { PartnerMethane } from "./PartnerMethane";

const MAX_FILES = 4;
const newKey = () => `partner-${crypto.randomUUID()}`;

/**
 * `/partner` (issue 12 item 8): a partner — a venue's CCTV room, a retailer's security, a transport
 * operator — sends stills and a statement to control: where and when it happened, and their own
 * reference. It arrives in control's triage with its provenance. No live feed here.
 */
export function PartnerPage() {
  const { user, signOut } = useAuth();
  const [operations, setOperations] = useState<OperationSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<EvidenceReceipt | null>(null);
  const [sending, setSending] = useState(false);
  // One key per submission: a retry after a lost answer is recorded once.
  const [key, setKey] = useState(newKey);

  useEffect(function loadOperations() {
    listOperations()
      .then(setOperations)
      .catch((err: Error) => setError(`Cannot list operations: ${err.message}`));
  }, []);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const el = e.currentTarget;
    const form = new FormData(el);
    const files = form.getAll("file").filter((f) => f instanceof File && f.size > 0);
    if (files.length > MAX_FILES) {
      setError(`At most ${MAX_FILES} images in one submission.`);
      return;
    }
    // An empty file input still sends an empty part; the server wants only real images.
    form.delete("file");
    for (const f of files) form.append("file", f);
    const when = String(form.get("when") ?? "");
    form.set("occurredAt", when ? String(new Date(when).getTime()) : "");
    form.set("key", key);
    setSending(true);
    setError(null);
    try {
      setReceipt(await sendEvidence(String(form.get("opId")), form));
      el.reset();
      setKey(newKey());
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="partner">
      <header className="partner-head">
        <strong>Cordon — evidence to police control</strong>
        <span className="partner-who">{user.name}</span>
        <button type="button" className="btn btn-ghost" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main className="partner-main">
        {receipt && <Receipt receipt={receipt} />}
        {error && (
          <p className="partner-error" role="alert">
            {error}
          </p>
        )}
        {operations && operations.length === 0 && <p>No operation is open: there is nobody to send evidence to yet.</p>}
        {operations?.[0] && <PartnerMethane opId={operations[0].id} />}
        {operations && operations.length > 0 && <EvidenceForm operations={operations} sending={sending} onSubmit={submit} />}
      </main>
    </div>
  );
}

function EvidenceForm({
  operations,
  sending,
  onSubmit,
}: {
  operations: OperationSummary[];
  sending: boolean;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
}) {
  return (
    <form className="partner-form" onSubmit={onSubmit}>
      <label>
        Operation
        <select name="opId" defaultValue={operations[0]?.id}>
          {operations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Your name
        <input name="submitter" required maxLength={120} autoComplete="name" />
      </label>
      <label>
        Your reference
        <input name="reference" maxLength={80} placeholder="e.g. your incident log number" />
      </label>
      <label>
        What happened
        <select name="type" defaultValue="other">
          {INCIDENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {INCIDENT_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Statement
        <textarea name="statement" required maxLength={4000} rows={6} placeholder="What you saw, who, which camera" />
      </label>
      <WherePicker />
      <label>
        When it happened
        <input name="when" type="datetime-local" required />
      </label>
      <label>
        Stills or images (up to {MAX_FILES}; JPEG, PNG or WebP)
        <input name="file" type="file" accept="image/jpeg,image/png,image/webp" multiple />
      </label>
      <button type="submit" className="btn btn-primary" disabled={sending}>
        {sending ? "Sending…" : "Send to police control"}
      </button>
    </form>
  );
}

/** A named place of the venue plan, or a point (latitude, longitude) when it is none of them. */
function WherePicker() {
  const [point, setPoint] = useState(false);
  return (
    <fieldset className="partner-where">
      <legend>Where</legend>
      {!point ? (
        <select name="placeId" required defaultValue="">
          <option value="" disabled>
            Choose a place…
          </option>
          {postsBySector().map((s) => (
            <optgroup key={s.sector} label={s.name}>
              {s.posts.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      ) : (
        <span className="partner-point">
          <input name="lat" inputMode="decimal" required placeholder="latitude 51.556" aria-label="Latitude" />
          <input name="lng" inputMode="decimal" required placeholder="longitude -0.280" aria-label="Longitude" />
        </span>
      )}
      <button type="button" className="btn btn-ghost btn-sm" onClick={() => setPoint(!point)}>
        {point ? "A place of the plan instead" : "Not in the list: give a point"}
      </button>
    </fieldset>
  );
}

function Receipt({ receipt }: { receipt: EvidenceReceipt }) {
  return (
    <section className="partner-receipt" aria-live="polite">
      <strong>{receipt.duplicate ? "Already received" : "Received by police control"}</strong> — log entry {receipt.seq}.
      {receipt.files.length > 0 && (
        <ul>
          {receipt.files.map((f) => (
            <li key={f.sha256}>
              {f.name || "(unnamed)"}: SHA-256 <span className="mono">{f.sha256}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
