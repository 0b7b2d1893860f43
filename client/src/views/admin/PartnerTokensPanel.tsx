import { useCallback, useEffect, useState } from "react";
import { request } from "../../api/http";

interface TokenRow {
  id: number;
  label: string;
  createdAt: number;
  revokedAt: number | null;
}

const base = (userId: string) => `/api/admin/users/${encodeURIComponent(userId)}/tokens`;

/**
 * A partner's API tokens (issue 12 item 8) on the admin page: list, make one (shown once, here),
 * revoke. The same as `npm run users -- token …`; each change is in the access log.
 */
export function PartnerTokensPanel({ userId }: { userId: string }) {
  const [tokens, setTokens] = useState<TokenRow[] | null>(null);
  const [label, setLabel] = useState("");
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    request<{ tokens: TokenRow[] }>("GET", base(userId))
      .then((r) => setTokens(r.tokens))
      .catch((err: Error) => setError(err.message));
  }, [userId]);
  useEffect(load, [load]);

  const make = async () => {
    setError(null);
    try {
      const made = await request<{ token: string }>("POST", base(userId), { label: label.trim() || "API token" });
      setShown(made.token);
      setLabel("");
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const revoke = async (id: number) => {
    setError(null);
    await request("POST", `${base(userId)}/${id}/revoke`).catch((err: Error) => setError(err.message));
    load();
  };

  return (
    <div className="admin-form">
      <h3>API tokens</h3>
      <p className="muted">For the partner's own system to send evidence. A token is shown once, when made.</p>
      {shown && (
        <p className="token-once" role="status">
          New token (copy it now): <code>{shown}</code>
        </p>
      )}
      {error && <p className="text-alarm">{error}</p>}
      <ul className="token-list">
        {(tokens ?? []).map((t) => (
          <li key={t.id}>
            {t.id}. {t.label} · made {new Date(t.createdAt).toLocaleString("en-GB")}{" "}
            {t.revokedAt ? (
              <span className="muted">revoked {new Date(t.revokedAt).toLocaleString("en-GB")}</span>
            ) : (
              <button type="button" className="btn btn-danger btn-sm" onClick={() => void revoke(t.id)}>
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="admin-actions">
        <input
          aria-label="Token label"
          placeholder="Label, e.g. CCTV export"
          value={label}
          maxLength={80}
          onChange={(e) => setLabel(e.target.value)}
        />
        <button type="button" className="btn" onClick={() => void make()}>
          Make a token
        </button>
      </div>
    </div>
  );
}
