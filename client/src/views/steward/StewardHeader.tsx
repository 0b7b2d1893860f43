import { phaseLabel } from "../../../../shared/matchPhase";
import type { User } from "../../api/session";
import { useBoard } from "../../store/hooks";
import { ConnectionBadge } from "../../ui/ConnectionBadge";
import { postById, sectorLabel } from "../../venue/plan";

/**
 * Always on top: who is signed in, on which operation and post, the connection, what is not yet
 * with control, and a sign-out big enough for a gloved thumb (≥ 44×44 px).
 */
export function StewardHeader({ user, opName, pending, onSignOut }: { user: User; opName: string; pending: number; onSignOut(): void }) {
  const post = postById(user.post);
  // The match phase Silver set (issue 11 item 3): stewards receive it, as Control's.
  const phase = useBoard((b) => b.state.operation?.currentPhase ?? null);
  return (
    <header className="mobile-header steward-header">
      <div className="mh-who">
        <div className="mh-name">{user.name}</div>
        <div className="mh-op">
          <span className="mh-op-tag">Operation</span> {opName || "loading…"}
        </div>
        {phase !== null && (
          <div className="mh-op mh-phase">
            <span className="mh-op-tag">Match</span> {phaseLabel(phase)}
          </div>
        )}
      </div>
      <button type="button" className="mh-signout" onClick={onSignOut}>
        Sign out
      </button>
      <div className="mh-status">
        <ConnectionBadge compact />
        {pending > 0 && (
          <span className="pending-pill" title="Reports saved on this phone, not yet received by control">
            {pending} not yet received
          </span>
        )}
        <span className="mh-sub">
          {post ? post.name : "No post"} · {sectorLabel(post?.sector ?? user.sector)}
        </span>
      </div>
    </header>
  );
}
