import { useState } from "react";
import { type AccountDraft, AccountFields } from "./AccountFields";
import { type AdminOperation, type AdminUser, adminApi } from "./adminApi";
import { PartnerTokensPanel } from "./PartnerTokensPanel";
import { PasswordFields, passwordOk } from "./PasswordFields";
import { useAdminAction } from "./useAdminAction";

const draftOf = (u: AdminUser): AccountDraft => ({
  name: u.name,
  role: u.role,
  sector: u.sector,
  unitId: u.unitId,
  post: u.post,
  operations: u.operations,
});

/**
 * One account: its rights, a password reset, disable/enable. Any change ends the user's
 * sessions on the server, so their screens close at once and the next sign-in has the new rights.
 */
export function UserEditor({
  user,
  operations,
  isSelf,
  onSaved,
}: {
  user: AdminUser;
  operations: readonly AdminOperation[];
  isSelf: boolean;
  onSaved: (user: AdminUser) => void;
}) {
  const [draft, setDraft] = useState<AccountDraft>(() => draftOf(user));
  const [pw, setPw] = useState({ value: "", again: "" });
  const { busy, run } = useAdminAction();
  const changed = JSON.stringify(draft) !== JSON.stringify(draftOf(user));

  const save = () => run(`Saved ${user.username}; their sessions have ended.`, () => adminApi.update(user.id, draft).then(onSaved));
  const reset = async () => {
    const ok = await run(`New password set for ${user.username}.`, () => adminApi.resetPassword(user.id, pw.value).then(onSaved));
    if (ok) setPw({ value: "", again: "" });
  };
  const toggle = () =>
    run(user.disabled ? `Enabled ${user.username}.` : `Disabled ${user.username}; their sessions have ended.`, () =>
      adminApi.setDisabled(user.id, !user.disabled).then(onSaved),
    );

  return (
    <section className="admin-panel" aria-label={`Account ${user.username}`}>
      <header className="admin-panel-head">
        <h2>
          <span className="mono">{user.username}</span>
          {user.disabled && <span className="text-alarm"> · disabled</span>}
        </h2>
        <span className="muted mono">{user.id}</span>
      </header>
      <form
        className="admin-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <AccountFields draft={draft} operations={operations} onChange={setDraft} />
        {isSelf && draft.role !== "admin" && <p className="form-notice">You are changing your own role: you will be signed out.</p>}
        <div className="admin-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !changed}>
            Save changes
          </button>
          <button type="button" className="btn" disabled={busy || !changed} onClick={() => setDraft(draftOf(user))}>
            Undo
          </button>
        </div>
      </form>
      <form
        className="admin-form"
        onSubmit={(e) => {
          e.preventDefault();
          void reset();
        }}
      >
        <h3>Reset password</h3>
        <PasswordFields value={pw.value} again={pw.again} onChange={(value, again) => setPw({ value, again })} />
        <div className="admin-actions">
          <button type="submit" className="btn" disabled={busy || !passwordOk(pw.value, pw.again)}>
            Set new password
          </button>
        </div>
      </form>
      <div className="admin-form">
        <h3>{user.disabled ? "Enable" : "Disable"}</h3>
        <p className="muted">
          {user.disabled ? "The account can sign in again." : "The account can no longer sign in; every screen it has open closes at once."}
        </p>
        <div className="admin-actions">
          <button type="button" className={user.disabled ? "btn" : "btn btn-danger"} disabled={busy} onClick={() => void toggle()}>
            {user.disabled ? "Enable account" : "Disable account"}
          </button>
        </div>
      </div>
      {user.role === "partner" && <PartnerTokensPanel userId={user.id} />}
    </section>
  );
}
