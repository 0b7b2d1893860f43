import { useEffect, useMemo, useState } from "react";
import { useAuth } from "../../auth/AuthContext";
import { navigate } from "../../routing/location";
import "./admin.css";
import { type AdminOperation, type AdminUser, adminApi } from "./adminApi";
import { NewUserForm } from "./NewUserForm";
import { UserEditor } from "./UserEditor";
import { UserTable } from "./UserTable";

/** `/admin`: every account, and the one selected (or a new one) beside the list (issue 8 item 1). */
export function AdminPage() {
  const { user, signOut } = useAuth();
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [operations, setOperations] = useState<AdminOperation[]>([]);
  const [selected, setSelected] = useState<string | "new" | null>(null);
  const [filter, setFilter] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(function loadAccounts() {
    Promise.all([adminApi.users(), adminApi.operations()])
      .then(([u, o]) => {
        setUsers(u);
        setOperations(o);
      })
      .catch((err: Error) => setError(err.message));
  }, []);

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    if (!users || !q) return users ?? [];
    return users.filter((u) => [u.username, u.name, u.role, u.sector ?? "", u.unitId ?? ""].some((f) => f.toLowerCase().includes(q)));
  }, [users, filter]);
  const current = users?.find((u) => u.id === selected) ?? null;

  const saved = (next: AdminUser) => {
    setUsers((list) => {
      const rest = (list ?? []).filter((u) => u.id !== next.id);
      return [...rest, next].sort((a, b) => a.username.localeCompare(b.username));
    });
    setSelected(next.id);
  };

  return (
    <div className="control admin">
      <header className="board-header">
        <div className="brand-inline">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Cordon accounts</span>
        </div>
        <span className="marking-pill">OFFICIAL-SENSITIVE</span>
        <button type="button" className="btn btn-ghost" onClick={() => navigate("/admin/access")}>
          Access log
        </button>
        <div className="header-user">
          <span className="user-name">{user.name}</span>
          <span className="user-role">Admin</span>
        </div>
        <button type="button" className="btn btn-ghost" onClick={signOut}>
          Sign out
        </button>
      </header>
      {error && <div className="splash">Cannot load the accounts: {error}</div>}
      {!error && !users && <div className="splash">Loading accounts…</div>}
      {users && (
        <main className="admin-main">
          <section className="admin-list" aria-label="Accounts">
            <div className="admin-toolbar">
              <h2>Accounts</h2>
              <span className="muted">
                {users.length} accounts, {users.filter((u) => u.disabled).length} disabled
              </span>
              <input type="search" placeholder="Filter by name, role, sector…" value={filter} onChange={(e) => setFilter(e.target.value)} />
              <button type="button" className="btn btn-primary btn-sm" onClick={() => setSelected("new")}>
                New account
              </button>
            </div>
            <div className="admin-scroll">
              <UserTable users={shown} operations={operations} selected={current?.id ?? null} onSelect={setSelected} />
            </div>
          </section>
          <aside className="admin-side">
            {selected === "new" && <NewUserForm operations={operations} onCreated={saved} />}
            {current && (
              <UserEditor
                key={current.id + JSON.stringify(current)}
                user={current}
                operations={operations}
                isSelf={current.id === user.id}
                onSaved={saved}
              />
            )}
            {!current && selected !== "new" && <p className="splash">Pick an account to change it, or make a new one.</p>}
          </aside>
        </main>
      )}
    </div>
  );
}
