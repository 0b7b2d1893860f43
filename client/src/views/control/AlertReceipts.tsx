import { useEffect, useState } from "react";
import { seenByAll } from "../../../../shared/alertReceipts";
import type { Alert } from "../../../../shared/state";
import { useBoardContext } from "../../store/BoardContext";
import { useAlerts } from "../../store/hooks";
import { useMay } from "../../store/sectorScope";
import { useCommand } from "../../ui/useCommand";
import { postById } from "../../venue/plan";
import { type AlertAudienceReply, type AudienceMember, fetchAlertAudience } from "./alertAudienceApi";

const count = (n: number) => n.toLocaleString("en-GB");

/**
 * Under each alert control sent to phones: "1,873 of 2,500 seen", live from the receipts in the
 * log, the audience's size from the server (alertAudienceApi.ts); who has not seen it, by post or
 * call sign; and a resend to them (a new alert naming this one: whoever saw it is not asked again).
 */
export function AlertReceipts({ alert }: { alert: Alert }) {
  const alerts = useAlerts();
  const { store } = useBoardContext();
  const opId = store.getState().opId ?? "";
  const { run, busy } = useCommand();
  const [audience, setAudience] = useState<AlertAudienceReply | null>(null);
  const [open, setOpen] = useState(false);
  const mayResend = useMay("alert:send");
  const seenIds = seenByAll(alerts, alert);

  useEffect(() => {
    let live = true;
    fetchAlertAudience(opId, alert.id).then(
      (a) => live && setAudience(a),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [opId, alert.id]);

  if (alert.audience === "control") return null;
  const members = audience?.members ?? [];
  const seen = audience ? members.filter((m) => seenIds.has(m.userId)).length : seenIds.size;
  const notSeen = members.filter((m) => !seenIds.has(m.userId));
  const resend = () =>
    void run("alert:send", {
      audience: alert.audience,
      sector: alert.sector,
      priority: alert.priority,
      text: alert.text,
      resendOf: alert.id,
    });

  return (
    <div className="alert-receipts">
      <span className="alert-seen-count" data-testid={`seen-${alert.id}`}>
        {audience ? `${count(seen)} of ${count(audience.total)} seen` : `${count(seen)} seen`}
      </span>
      {notSeen.length > 0 && (
        <>
          <button type="button" className="btn btn-xs btn-ghost" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {open ? "Hide" : `Not seen (${count(notSeen.length)})`}
          </button>
          <button
            type="button"
            className="btn btn-xs"
            disabled={busy || !mayResend}
            onClick={resend}
            title={mayResend ? undefined : "Control resends alerts"}
          >
            Resend to {count(notSeen.length)}
          </button>
        </>
      )}
      {open && (
        <ul className="alert-not-seen">
          {notSeen.slice(0, 200).map((m) => (
            <li key={m.userId}>{whereIs(m)}</li>
          ))}
          {notSeen.length > 200 && <li className="muted">…and {count(notSeen.length - 200)} more</li>}
        </ul>
      )}
    </div>
  );
}

/** A steward by post, an officer by call sign; the name when there is neither. */
function whereIs(m: AudienceMember): string {
  if (m.role === "steward") return `${postById(m.post)?.name ?? "No post"} — ${m.name}`;
  return `${m.callSign ?? "No unit"} — ${m.name}`;
}
