import { useCallback, useState } from "react";
import { INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import { useAuth } from "../../auth/AuthContext";
import { clearEntriesOf } from "../../outbox/outboxStore";
import { useOutbox } from "../../outbox/useOutbox";
import { useBoardContext } from "../../store/BoardContext";
import { useAlerts, useBoard } from "../../store/hooks";
import { type SignOutChoice, SignOutDialog } from "../../ui/SignOutDialog";
import { GateCount } from "./GateCount";
import { MyReports } from "./MyReports";
import { type ReportDraft, ReportForm } from "./ReportForm";
import { StewardAlerts } from "./StewardAlerts";
import { StewardHeader } from "./StewardHeader";
import { StewardIncidents } from "./StewardIncidents";
import { useAlertReceipts, useAlertSound, useMinuteClock } from "./useAlertReceipts";

/**
 * `/steward`: phone-first. Who and which operation on top, the alerts folded into one strip, the
 * report form with Send (and what happened to the last report) fixed at the bottom, then
 * incidents nearby and what happened to each report.
 */
export function StewardApp() {
  const { user, signOut } = useAuth();
  const { connection, store } = useBoardContext();
  const { sendCommand: send, now } = connection;
  const alerts = useAlerts();
  const live = useBoard((b) => b.connection.status === "live");
  const opId = store.getState().opId ?? "";
  const opName = useBoard((b) => b.state.operation?.name ?? "");
  const outbox = useOutbox({ opId, opName, userId: user.id, send, live, now });
  const [asking, setAsking] = useState(false);
  const { seen, markSeen } = useAlertReceipts(user.id, opId, alerts, outbox.submit);
  useAlertSound(alerts, seen);
  const clock = useMinuteClock(now);
  // Receipts travel in the same outbox, but the report list and the Send line are about reports.
  const reports = outbox.items.filter((i) => i.command === "report:submit");

  const submit = useCallback(
    async (draft: ReportDraft) => {
      // On the server's clock as this phone knows it, so control compares like with like.
      const reporterTime = now();
      const body = { type: draft.type, location: draft.location, postId: draft.postId, text: draft.text, reporterTime };
      const photos = draft.photos.length > 0 ? ` · ${draft.photos.length} photo${draft.photos.length > 1 ? "s" : ""}` : "";
      await outbox.submit("report:submit", body, `${INCIDENT_TYPE_LABELS[draft.type]}${photos} · ${draft.where}`, draft.photos);
    },
    [now, outbox.submit],
  );

  const { pending } = outbox;
  const askToSignOut = () => (pending > 0 ? setAsking(true) : signOut());
  const choose = async (choice: SignOutChoice) => {
    setAsking(false);
    if (choice === "stay") return;
    if (choice === "delete") await clearEntriesOf(user.id).catch(() => undefined);
    signOut();
  };
  const latest = reports[0] ?? null;

  return (
    <div className="mobile steward">
      {/* Who, which operation and the alerts stay on top while the form scrolls. */}
      <div className="steward-top">
        <StewardHeader user={user} opName={opName} pending={pending} onSignOut={askToSignOut} />
        <StewardAlerts alerts={alerts} seen={seen} onSeen={markSeen} now={clock} />
      </div>
      <main className="mobile-main">
        <ReportForm defaultPostId={user.post} onSubmit={submit} sendState={{ latest, live, backgroundSync: outbox.backgroundSync }} />
        <GateCount user={user} live={live} />
        <StewardIncidents />
        <MyReports
          stewardId={user.id}
          items={reports}
          live={live}
          opId={opId}
          backgroundSync={outbox.backgroundSync}
          onDismiss={outbox.dismiss}
        />
      </main>
      {asking && (
        <SignOutDialog
          unsent={unsentText(pending, reports.filter((i) => i.state === "pending").length)}
          live={live}
          onChoose={(c) => void choose(c)}
        />
      )}
    </div>
  );
}

/** What the sign-out warning names: reports, and receipts for alerts when some are unsent too. */
function unsentText(pending: number, reports: number): string {
  const what = pending === reports ? "report" : "report or receipt";
  return pending === 1 ? `1 ${what} is` : `${pending} ${what.replace("report", "reports").replace("receipt", "receipts")} are`;
}
