import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useAuth } from "../../auth/AuthContext";
import { navigate } from "../../routing/location";
import "./admin.css";
import "./accessLog.css";
import { type AccessEntry, type AccessFilter, accessLogApi } from "./accessLogApi";

/** The action families an admin filters by; the server matches a family and all its actions. */
const ACTIONS = [
  { value: "", label: "Any action" },
  { value: "incident.open", label: "Incident detail opened" },
  { value: "replay.open", label: "Replay opened" },
  { value: "replay.print", label: "Debrief printed" },
  { value: "decisions.print", label: "Decision log printed" },
  { value: "export", label: "Exports" },
  { value: "admin", label: "Admin actions" },
  { value: "access-log", label: "Access log read, searched, exported" },
] as const;

interface Form {
  user: string;
  action: string;
  opId: string;
  from: string;
  to: string;
}

const EMPTY: Form = { user: "", action: "", opId: "", from: "", to: "" };

/** A `datetime-local` value (the browser's own zone) as ms, or undefined when empty. */
const ms = (local: string) => (local ? new Date(local).getTime() : undefined);

function filterOf(f: Form): AccessFilter {
  const from = ms(f.from);
  const to = ms(f.to);
  return {
    ...(f.user.trim() ? { user: f.user.trim() } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.opId.trim() ? { opId: f.opId.trim() } : {}),
    ...(from === undefined ? {} : { from }),
    // The end minute is inclusive.
    ...(to === undefined ? {} : { to: to + 59_999 }),
  };
}

/**
 * `/admin/access`: who looked at what, when, and for exports why and for whom (DPA 2018 s.62).
 * An admin searches by user, action, operation and time, pages back through older entries, and
 * exports what the filters select as CSV marked OFFICIAL-SENSITIVE. Every search and export is
 * itself logged. Nothing here can change the log: the server has no route for it.
 */
export function AccessLogPage() {
  const { user, signOut } = useAuth();
  const [form, setForm] = useState<Form>(EMPTY);
  const [applied, setApplied] = useState<AccessFilter>({});
  const [entries, setEntries] = useState<AccessEntry[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback((filter: AccessFilter, before?: number) => {
    setBusy(true);
    setError(null);
    accessLogApi
      .search(filter, before)
      .then((page) => {
        setEntries((list) => (before === undefined ? page.entries : [...(list ?? []), ...page.entries]));
        setNext(page.next);
      })
      .catch((err: Error) => setError(err.message))
      .finally(() => setBusy(false));
  }, []);

  useEffect(
    function firstPage() {
      load({});
    },
    [load],
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const filter = filterOf(form);
    setApplied(filter);
    load(filter);
  };
  const set = (key: keyof Form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  return (
    <div className="control admin access-log-page">
      <header className="board-header">
        <div className="brand-inline">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Cordon access log</span>
        </div>
        <span className="marking-pill">OFFICIAL-SENSITIVE</span>
        <button type="button" className="btn btn-ghost btn-xs" onClick={() => navigate("/admin")}>
          Accounts
        </button>
        <div className="header-user">
          <span className="user-name">{user.name}</span>
          <button type="button" className="btn btn-ghost btn-xs" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className="access-log-main">
        <div className="marking-bar">OFFICIAL-SENSITIVE</div>
        <form className="admin-toolbar access-log-filters" onSubmit={submit} aria-label="Search the access log">
          <label className="field">
            <span>User (id or name)</span>
            <input value={form.user} onChange={set("user")} placeholder="e.g. Marsh" />
          </label>
          <label className="field">
            <span>Action</span>
            <select value={form.action} onChange={set("action")}>
              {ACTIONS.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Operation id</span>
            <input value={form.opId} onChange={set("opId")} placeholder="op-…" />
          </label>
          <label className="field">
            <span>From</span>
            <input type="datetime-local" value={form.from} onChange={set("from")} />
          </label>
          <label className="field">
            <span>To</span>
            <input type="datetime-local" value={form.to} onChange={set("to")} />
          </label>
          <button type="submit" className="btn" disabled={busy}>
            Search
          </button>
        </form>
        {error && (
          <p className="text-alarm" role="alert">
            {error}
          </p>
        )}
        <div className="admin-scroll">
          <AccessTable entries={entries} />
          {next !== null && (
            <button type="button" className="btn btn-ghost" disabled={busy} onClick={() => load(applied, next)}>
              Older entries
            </button>
          )}
        </div>
        <ExportForm filter={applied} />
      </main>
    </div>
  );
}

function AccessTable({ entries }: { entries: AccessEntry[] | null }) {
  if (entries === null) return <p className="muted">Loading…</p>;
  if (entries.length === 0) return <p className="muted">No entries match.</p>;
  return (
    <table className="grid-table access-log-table">
      <thead>
        <tr>
          <th>When</th>
          <th>Who</th>
          <th>Role</th>
          <th>Action</th>
          <th>Operation</th>
          <th>What</th>
          <th>Reason</th>
          <th>Recipient</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <td className="mono">{new Date(e.at).toLocaleString("en-GB")}</td>
            <td title={e.userId}>{e.userName}</td>
            <td>
              <span className={`role-chip role-${e.role}`}>{e.role}</span>
            </td>
            <td className="mono">{e.action}</td>
            <td className="mono">{e.opId ?? "—"}</td>
            <td className="mono small">{e.target ?? ""}</td>
            <td>{e.reason ?? ""}</td>
            <td>{e.recipient ?? ""}</td>
            <td className="small">{e.detail ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** CSV of what the applied filters select; like every export, it states why and for whom. */
function ExportForm({ filter }: { filter: AccessFilter }) {
  const [reason, setReason] = useState("");
  const [recipient, setRecipient] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const ready = reason.trim().length >= 3 && recipient.trim().length >= 2;
  const run = (e: FormEvent) => {
    e.preventDefault();
    setStatus("Exporting…");
    accessLogApi.exportCsv(filter, reason.trim(), recipient.trim()).then(
      () => setStatus("Exported: the export is in the log too."),
      (err: Error) => setStatus(`Export failed: ${err.message}`),
    );
  };
  return (
    <form className="admin-toolbar access-log-export" onSubmit={run} aria-label="Export the access log">
      <label className="field">
        <span>Reason</span>
        <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. Quarterly audit" />
      </label>
      <label className="field">
        <span>Recipient</span>
        <input value={recipient} onChange={(e) => setRecipient(e.target.value)} placeholder="e.g. Data Protection Officer" />
      </label>
      <button type="submit" className="btn" disabled={!ready}>
        Export CSV
      </button>
      {status && (
        <span className="small" role="status">
          {status}
        </span>
      )}
    </form>
  );
}
