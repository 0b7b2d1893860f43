import { ROLES, type Role } from "../../../../shared/domain";
import { postsBySector, venuePlan } from "../../venue/plan";
import type { AdminOperation, UserChange } from "./adminApi";
import { OperationsPicker } from "./OperationsPicker";
import { ROLE_LABELS } from "./roleLabels";

export type AccountDraft = Required<UserChange>;

/** Name, role, where they work and what they may see: the part of an account an admin sets. */
export function AccountFields({
  draft,
  operations,
  onChange,
}: {
  draft: AccountDraft;
  operations: readonly AdminOperation[];
  onChange: (next: AccountDraft) => void;
}) {
  const set = <K extends keyof AccountDraft>(key: K, value: AccountDraft[K]) => onChange({ ...draft, [key]: value });
  const posts = postsBySector().filter((g) => !draft.sector || g.sector === draft.sector);
  return (
    <>
      <label className="field">
        <span>Name shown to others</span>
        <input value={draft.name} maxLength={120} required onChange={(e) => set("name", e.target.value)} />
      </label>
      <label className="field">
        <span>Role</span>
        <select aria-label="Role" value={draft.role} onChange={(e) => set("role", e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      <div className="field-row">
        <label className="field">
          <span>Sector</span>
          <select
            aria-label="Sector"
            value={draft.sector ?? ""}
            onChange={(e) => onChange({ ...draft, sector: e.target.value || null, post: null })}
          >
            <option value="">None</option>
            {venuePlan.sectors.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Unit (officers)</span>
          <input
            value={draft.unitId ?? ""}
            placeholder="psu-12a"
            maxLength={80}
            onChange={(e) => set("unitId", e.target.value.trim() || null)}
          />
        </label>
      </div>
      <label className="field">
        <span>Post (stewards)</span>
        <select aria-label="Post" value={draft.post ?? ""} onChange={(e) => set("post", e.target.value || null)}>
          <option value="">None</option>
          {posts.map((g) => (
            <optgroup key={g.sector} label={g.name}>
              {g.posts.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <OperationsPicker operations={operations} value={draft.operations} onChange={(ops) => set("operations", ops)} />
    </>
  );
}
