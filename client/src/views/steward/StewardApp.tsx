import { useCallback, useState } from "react";
import { INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import { useAuth } from "../../auth/AuthContext";
import { useBoardContext } from "../../store/BoardContext";
import { useAlerts } from "../../store/hooks";
import { ConnectionBadge } from "../../ui/ConnectionBadge";
import { postById, sectorLabel } from "../../venue/plan";
import { MyReports } from "./MyReports";
import type { Outgoing } from "./outgoing";
import { type ReportDraft, ReportForm } from "./ReportForm";
import { SendingList } from "./SendingList";
import { StewardAlerts } from "./StewardAlerts";

/** `/steward`: phone-first. Alerts on top, the report form, then what happened to each report. */
export function StewardApp() {
  const { user, signOut } = useAuth();
  const { connection } = useBoardContext();
  const { sendCommand: send, now } = connection;
  const alerts = useAlerts();
  const [outgoing, setOutgoing] = useState<Outgoing[]>([]);
  const post = postById(user.post);

  const update = useCallback((localId: string, change: Partial<Outgoing>) => {
    setOutgoing((list) => list.map((o) => (o.localId === localId ? { ...o, ...change } : o)));
  }, []);

  const submit = useCallback(
    async (draft: ReportDraft) => {
      // On the server's clock as this phone knows it, so control compares like with like.
      const reporterTime = now();
      const localId = `${reporterTime}-${Math.random().toString(36).slice(2, 8)}`;
      setOutgoing((list) => [
        { localId, type: draft.type, where: draft.where, reporterTime, state: "sending", ackAt: null, error: null },
        ...list,
      ]);
      const ack = await send(
        "report:submit",
        { type: draft.type, location: draft.location, postId: draft.postId, text: draft.text, reporterTime },
        { onRetry: () => update(localId, { state: "retrying" }) },
      );
      if (ack.ok) update(localId, { state: "sent", ackAt: now() });
      else update(localId, { state: "refused", error: ack.error.message });
    },
    [send, now, update],
  );

  const pending = outgoing.filter((o) => o.state === "sending" || o.state === "retrying").length;

  return (
    <div className="mobile steward">
      <header className="mobile-header">
        <div className="mh-who">
          <div className="mh-name">{user.name}</div>
          <div className="mh-sub">
            {post ? post.name : "No post"} · {sectorLabel(post?.sector ?? user.sector)}
          </div>
        </div>
        {pending > 0 && (
          <span className="pending-pill" title="Reports waiting for control's acknowledgement">
            {pending} sending
          </span>
        )}
        <ConnectionBadge compact />
        <button type="button" className="btn btn-ghost btn-xs" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main className="mobile-main">
        <StewardAlerts alerts={alerts} />
        <ReportForm defaultPostId={user.post} onSubmit={submit} />
        <SendingList items={outgoing} stewardId={user.id} describe={(o) => `${INCIDENT_TYPE_LABELS[o.type]} · ${o.where}`} />
        <MyReports stewardId={user.id} />
      </main>
    </div>
  );
}
