import { venuePlan } from "../venue/plan";

/** A filter by sector of the venue plan: "" is every sector. */
export function SectorSelect({ value, onChange, label }: { value: string; onChange(sector: string): void; label: string }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={label}>
      <option value="">All sectors</option>
      {venuePlan.sectors.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </select>
  );
}
