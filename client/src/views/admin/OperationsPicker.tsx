import type { AdminOperation } from "./adminApi";

/** Which operations an account may see: all of them, or the ones ticked. */
export function OperationsPicker({
  operations,
  value,
  onChange,
}: {
  operations: readonly AdminOperation[];
  value: readonly string[];
  onChange: (next: string[]) => void;
}) {
  const all = value.length === 0;
  const toggle = (id: string) => onChange(value.includes(id) ? value.filter((v) => v !== id) : [...value, id]);
  return (
    <fieldset className="ops-picker">
      <legend>Operations</legend>
      <label className="pick">
        <input type="radio" checked={all} onChange={() => onChange([])} /> Every operation
      </label>
      <label className="pick">
        <input type="radio" checked={!all} onChange={() => !all || onChange(operations[0] ? [operations[0].id] : [])} /> Only these:
      </label>
      <div className="ops-list">
        {operations.length === 0 && <span className="muted">No operations yet.</span>}
        {operations.map((o) => (
          <label key={o.id} className="pick">
            <input type="checkbox" disabled={all} checked={value.includes(o.id)} onChange={() => toggle(o.id)} />
            {o.name} <span className="muted mono">{o.id}</span>
          </label>
        ))}
        {value
          .filter((id) => !operations.some((o) => o.id === id))
          .map((id) => (
            <label key={id} className="pick">
              <input type="checkbox" checked onChange={() => toggle(id)} />
              <span className="muted mono">{id}</span> (not loaded)
            </label>
          ))}
      </div>
    </fieldset>
  );
}
