import { useState } from "react";
import { type AccountDraft, AccountFields } from "./AccountFields";
import { type AdminOperation, type AdminUser, adminApi } from "./adminApi";
import { PasswordFields, passwordOk } from "./PasswordFields";
import { useAdminAction } from "./useAdminAction";

const EMPTY: AccountDraft = { name: "", role: "steward", sector: null, unitId: null, post: null, operations: [] };
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,39}$/i;

/** A new account: username, its rights, and a first password the user is given in person. */
export function NewUserForm({ operations, onCreated }: { operations: readonly AdminOperation[]; onCreated: (user: AdminUser) => void }) {
  const [username, setUsername] = useState("");
  const [draft, setDraft] = useState<AccountDraft>(EMPTY);
  const [pw, setPw] = useState({ value: "", again: "" });
  const { busy, run } = useAdminAction();
  const ready = USERNAME.test(username) && draft.name.trim() !== "" && passwordOk(pw.value, pw.again);

  const create = () =>
    run(`Created ${username}.`, async () => {
      onCreated(await adminApi.create({ ...draft, username, password: pw.value }));
    });

  return (
    <section className="admin-panel" aria-label="New account">
      <header className="admin-panel-head">
        <h2>New account</h2>
      </header>
      <form
        className="admin-form"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label className="field">
          <span>Username</span>
          <input value={username} autoComplete="off" maxLength={40} onChange={(e) => setUsername(e.target.value.trim())} />
        </label>
        <AccountFields draft={draft} operations={operations} onChange={setDraft} />
        <PasswordFields value={pw.value} again={pw.again} onChange={(value, again) => setPw({ value, again })} />
        <div className="admin-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !ready}>
            Create account
          </button>
        </div>
      </form>
    </section>
  );
}
