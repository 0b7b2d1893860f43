import { type FormEvent, useState } from "react";
import { signIn, type User } from "../api/session";

/** `/`: username and password; the server sets an HttpOnly session cookie. */
export function SignIn({ notice, onSignedIn }: { notice: string | null; onSignedIn(user: User): void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(username.trim(), password));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <div className="centre-page signin-page">
      <form className="card form-card signin" onSubmit={submit} aria-label="Sign in">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <div>
            <h1>Cordon</h1>
            <p className="muted">Major event operations board</p>
          </div>
        </div>
        {notice && (
          <p className="form-notice" role="status">
            {notice}
          </p>
        )}
        <label className="field">
          <span>Username</span>
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p className="marking">OFFICIAL-SENSITIVE · authorised users only · activity is logged</p>
      </form>
    </div>
  );
}
