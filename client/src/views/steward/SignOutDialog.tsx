import { useEffect, useRef } from "react";

export type SignOutChoice = "stay" | "keep" | "delete";

/**
 * Asked only when something made on this phone is not yet with control. Staying is the default:
 * the steward must choose, in words, to leave reports unsent on the phone or to delete them.
 */
export function SignOutDialog({ pending, live, onChoose }: { pending: number; live: boolean; onChoose(c: SignOutChoice): void }) {
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => stay.current?.focus(), []);
  const what = pending === 1 ? "1 report is" : `${pending} reports are`;
  return (
    <div className="m-dialog-back">
      <div className="m-dialog card" role="alertdialog" aria-modal="true" aria-labelledby="so-title" aria-describedby="so-text">
        <h2 id="so-title" className="m-dialog-title">
          {what} not yet with control
        </h2>
        <p id="so-text">
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
