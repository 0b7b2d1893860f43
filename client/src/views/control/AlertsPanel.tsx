import { type FormEvent, useState } from "react";
import { ALERT_PRIORITIES, type AlertAudience, type AlertPriority } from "../../../../shared/domain";
import { useAlerts, useUser } from "../../store/hooks";
import { useMay } from "../../store/sectorScope";
import { AlertList } from "../../ui/AlertList";
import { useCommand } from "../../ui/useCommand";
import { venuePlan } from "../../venue/plan";
import { AlertReceipts } from "./AlertReceipts";
import { RefusedFromPhones } from "./RefusedFromPhones";

const AUDIENCES: { value: AlertAudience; label: string }[] = [
  { value: "all", label: "Everyone" },
  { value: "stewards", label: "Stewards" },
  { value: "units", label: "Units" },
];

/** Broadcast an alert to stewards and/or units, optionally one sector; and the alerts sent. */
export function AlertsPanel() {
  const alerts = useAlerts();
  const { run, busy, retrying } = useCommand();
  const [audience, setAudience] = useState<AlertAudience>("all");
  const [sector, setSector] = useState("");
  const [priority, setPriority] = useState<AlertPriority>("info");
  const [text, setText] = useState("");
  // Gold and Bronze read the alerts; control sends them.
  const mayAlert = useMay("alert:send");
  const role = useUser()?.role;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await run("alert:send", { audience, sector: sector || null, priority, text: text.trim() })) setText("");
  }

  return (
    <div className="tab-body">
      {mayAlert && (
        <form className="stack-form" onSubmit={submit}>
          <div className="row gap">
            <label className="field-inline">
              To
              <select value={audience} onChange={(e) => setAudience(e.target.value as AlertAudience)}>
                {AUDIENCES.map((a) => (
                  <option key={a.value} value={a.value}>
                    {a.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="field-inline">
              Sector
              <select value={sector} onChange={(e) => setSector(e.target.value)}>
                <option value="">All sectors</option>
                {venuePlan.sectors.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field-inline">
              Priority
              <select value={priority} onChange={(e) => setPriority(e.target.value as AlertPriority)}>
                {ALERT_PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <textarea
            rows={2}
            maxLength={500}
            placeholder="Alert text"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-label="Alert text"
          />
          <div className="row gap">
            <span className="spacer" />
            {retrying && <span className="retrying">retrying…</span>}
            <button
              type="submit"
              className={`btn btn-sm ${priority === "urgent" ? "btn-danger" : "btn-primary"}`}
              disabled={busy || !text.trim()}
            >
              Send alert
            </button>
          </div>
        </form>
      )}
      <AlertList alerts={alerts} extra={(a) => <AlertReceipts alert={a} />} />
      {/* What phones sent that was refused is control's and Gold's to read (REFUSED_READERS), not a Bronze's. */}
      {role !== "bronze" && <RefusedFromPhones />}
    </div>
  );
}
