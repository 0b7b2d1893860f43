import { useAuth } from "../../auth/AuthContext";
import { mayVisit, navigate } from "../../routing/location";
import { useOperation } from "../../store/hooks";
import { ConnectionBadge } from "../../ui/ConnectionBadge";
import { LookToggles } from "../../ui/LookToggles";
import { clockTime, useNow } from "../../ui/time";
import { CommandScope, roleLabel } from "./CommandRole";
import { PhaseControl } from "./PhaseControl";

export function BoardHeader() {
  const operation = useOperation();
  const { user, signOut } = useAuth();
  const now = useNow(1_000, { running: true });
  return (
    <header className="board-header">
      <div className="brand-inline">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Cordon</span>
      </div>
      <div className="op-title">
        <span className="op-name">{operation?.name ?? "Loading operation…"}</span>
      </div>
      <PhaseControl />
      <CommandScope />
      <div className="header-clock" title="Time now (London)">
        {clockTime(now)}
      </div>
      <ConnectionBadge />
      <LookToggles />
      <div className="header-user">
        <span className="user-name">{user.name}</span>
        <span className="user-role" data-testid="user-role">
          {roleLabel(user)}
        </span>
      </div>
      {mayVisit(user.role, "/replay") && (
        <button type="button" className="btn btn-ghost" onClick={() => navigate("/replay")} title="Replay and debrief (read-only)">
          Replay
        </button>
      )}
      <button type="button" className="btn btn-ghost" onClick={signOut}>
        Sign out
      </button>
    </header>
  );
}
