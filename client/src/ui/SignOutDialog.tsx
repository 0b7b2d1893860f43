import { useEffect, useRef } from "react";

export type SignOutChoice = "stay" | "keep" | "delete";

/**
 * Asked on a phone (steward or officer) only when something made on it is not yet with control
 * (issue 12 §6). Staying is the default: the person must choose, in words, to leave the unsent
 * entries on the phone or to delete them. `unsent` names them: "1 report is", "2 statuses, notes
 * or acknowledgements are".
 */
export function SignOutDialog({ unsent, live, onChoose }: { unsent: string; live: boolean; onChoose(c: SignOutChoice): void }) {
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => stay.current?.focus(), []);
  return (
    <div className="m-dialog-back">
      <div className="m-dialog card" role="alertdialog" aria-modal="true" aria-labelledby="so-title" aria-describedby="so-text">
        <h2 id="so-title" className="m-dialog-title">
          {unsent} not yet with control
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
