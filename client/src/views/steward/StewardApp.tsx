import { useCallback } from "react";
import { INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import { useAuth } from "../../auth/AuthContext";
import { useOutbox } from "../../outbox/useOutbox";
import { useBoardContext } from "../../store/BoardContext";
import { useAlerts, useBoard } from "../../store/hooks";
import { ConnectionBadge } from "../../ui/ConnectionBadge";
import { postById, sectorLabel } from "../../venue/plan";
import { MyReports } from "./MyReports";
import { type ReportDraft, ReportForm } from "./ReportForm";
import { StewardAlerts } from "./StewardAlerts";
import { StewardIncidents } from "./StewardIncidents";

/** `/steward`: phone-first. Alerts on top, the report form, then what happened to each report. */
export function StewardApp() {
  const { user, signOut } = useAuth();
  const { connection, store } = useBoardContext();
  const { sendCommand: send, now } = connection;
  const alerts = useAlerts();
  const live = useBoard((b) => b.connection.status === "live");
  const opId = store.getState().opId ?? "";
  const opName = useBoard((b) => b.state.operation?.name ?? "");
  const outbox = useOutbox({ opId, opName, userId: user.id, send, live, now });
  const post = postById(user.post);

  const submit = useCallback(
    async (draft: ReportDraft) => {
      // On the server's clock as this phone knows it, so control compares like with like.
      const reporterTime = now();
      const body = { type: draft.type, location: draft.location, postId: draft.postId, text: draft.text, reporterTime };
      await outbox.submit("report:submit", body, `${INCIDENT_TYPE_LABELS[draft.type]} · ${draft.where}`);
    },
    [now, outbox.submit],
  );
  const pending = outbox.pending;

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
          <span className="pending-pill" title="Reports saved on this phone, not yet received by control">
            {pending} not yet received
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
        <StewardIncidents />
        <MyReports stewardId={user.id} items={outbox.items} live={live} onDismiss={outbox.dismiss} />
      </main>
    </div>
  );
}
