import { type FormEvent, useState } from "react";
import { type OperationSummary, openOperation } from "../../api/operations";
import { useAuth } from "../../auth/AuthContext";

/** Shown to a commander when there is no operation yet. */
export function OpenOperationForm({ onOpened }: { onOpened(op: OperationSummary): void }) {
  const { user, signOut } = useAuth();
  const [name, setName] = useState("England v Italy, Wembley — Euro 2024 qualifier");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onOpened(await openOperation(name.trim()));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <div className="centre-page">
      <form className="card form-card" onSubmit={submit}>
        <h1>Open an operation</h1>
        <p className="muted">
          There is no operation yet. Signed in as {user.name} ({user.role}).
        </p>
        <label className="field">
          <span>Operation name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="row gap">
          <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
            {busy ? "Opening…" : "Open operation"}
          </button>
          <button type="button" className="btn" onClick={signOut}>
            Sign out
          </button>
        </div>
      </form>
    </div>
  );
}
