import { useEffect, useRef } from "react";

export type UnitSignOutChoice = "stay" | "keep" | "delete";

/**
 * Asked only when a status, note or acknowledgement made on this phone is not yet with control
 * (issue 12 §6). Staying is the default; leaving them, or deleting them, is said in words.
 * It wears the steward app's dialog (mobile.css `m-dialog`).
 */
export function UnitSignOut({ pending, live, onChoose }: { pending: number; live: boolean; onChoose(c: UnitSignOutChoice): void }) {
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => stay.current?.focus(), []);
  const what = pending === 1 ? "1 status, note or acknowledgement is" : `${pending} statuses, notes or acknowledgements are`;
  return (
    <div className="m-dialog-back">
      <div className="m-dialog card" role="alertdialog" aria-modal="true" aria-labelledby="uso-title" aria-describedby="uso-text">
        <h2 id="uso-title" className="m-dialog-title">
          {what} not yet with control
        </h2>
        <p id="uso-text">
          {live
            ? "They are being sent now. Wait until they say Sent ✓, then sign out."
            : "There is no signal. They will send when there is signal, but only while you are signed in on this phone."}
        </p>
        <div className="m-dialog-actions">
          <button ref={stay} type="button" className="m-dialog-btn m-dialog-primary" onClick={() => onChoose("stay")}>
            Stay signed in until sent
          </button>
          <button type="button" className="m-dialog-btn" onClick={() => onChoose("keep")}>
            Sign out, leave them on this phone (they send when I sign in here again)
          </button>
          <button type="button" className="m-dialog-btn m-dialog-danger" onClick={() => onChoose("delete")}>
            Sign out and delete them
          </button>
        </div>
      </div>
    </div>
  );
}
