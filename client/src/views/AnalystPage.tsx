import { useAuth } from "../auth/AuthContext";

/** Analysts see an operation only in replay, which is a later feature. */
export function AnalystPage() {
  const { user, signOut } = useAuth();
  return (
    <div className="centre-page">
      <div className="card form-card">
        <h1>Replay</h1>
        <p>
          Signed in as <strong>{user.name}</strong> (analyst).
        </p>
        <p className="muted">
          Analysts review an operation in replay: the board exactly as it was at any moment, with a time scrubber and exports. Replay
          arrives with the replay feature; there is no live view for analysts.
        </p>
        <button type="button" className="btn" onClick={signOut}>
          Sign out
        </button>
      </div>
    </div>
  );
}
