import { sectorLabel } from "../../venue/plan";
import type { AdminOperation, AdminUser } from "./adminApi";

/** Every account, one row each; a click opens it in the editor. */
export function UserTable({
  users,
  operations,
  selected,
  onSelect,
}: {
  users: readonly AdminUser[];
  operations: readonly AdminOperation[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const opName = (id: string) => operations.find((o) => o.id === id)?.name ?? id;
  return (
    <table className="grid-table admin-users">
      <thead>
        <tr>
          <th>Username</th>
          <th>Name</th>
          <th>Role</th>
          <th>Sector · unit · post</th>
          <th>Operations</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {users.map((u) => (
          <tr
            key={u.id}
            tabIndex={0}
            className={`row-click${u.id === selected ? " row-selected" : ""}${u.disabled ? " row-disabled" : ""}`}
            aria-selected={u.id === selected}
            onClick={() => onSelect(u.id)}
            onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && onSelect(u.id)}
          >
            <td className="mono">{u.username}</td>
            <td>{u.name}</td>
            <td>
              <span className={`role-chip role-${u.role}`}>{u.role}</span>
            </td>
            <td>{[u.sector && sectorLabel(u.sector), u.unitId, u.post].filter(Boolean).join(" · ") || "—"}</td>
            <td>{u.operations.length === 0 ? <span className="muted">all</span> : u.operations.map(opName).join(", ")}</td>
            <td>{u.disabled ? <span className="text-alarm">disabled</span> : "active"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
