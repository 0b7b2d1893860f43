import { useEffect, useRef } from "react";
import { GRADES, INCIDENT_STATUSES, INCIDENT_TYPE_LABELS, INCIDENT_TYPES } from "../../../../shared/domain";
import type { IncidentFilter } from "../../store/selectors";
import { INCIDENT_STATUS_LABELS } from "../../ui/labels";
import { SectorSelect } from "../../ui/SectorSelect";
import { useControlUi } from "./controlUi";

interface Props {
  filter: IncidentFilter;
  onChange(next: IncidentFilter): void;
}

/**
 * The queue's search box and filters. The status filter defaults to "Open" (everything not
 * closed); "Closed" or "All" finds closed incidents again. Escape in the search box clears it.
 */
export function QueueFilters({ filter, onChange }: Props) {
  const search = useSearchFocus();
  const set = (patch: Partial<IncidentFilter>) => onChange({ ...filter, ...patch });
  return (
    <div className="queue-filters">
      <input
        ref={search}
        className="filter queue-search"
        type="search"
        placeholder="Search CAD, description, place, type…"
        value={filter.text}
        onChange={(e) => set({ text: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === "Escape" && filter.text) {
            e.stopPropagation();
            set({ text: "" });
          }
        }}
        aria-label="Search incidents"
        data-search="incidents"
      />
      <div className="queue-selects">
        <select
          value={filter.status}
          onChange={(e) => set({ status: e.target.value as IncidentFilter["status"] })}
          aria-label="Incident status"
        >
          <option value="open">Open</option>
          <option value="all">All, closed too</option>
          {INCIDENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {INCIDENT_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <select value={filter.type} onChange={(e) => set({ type: e.target.value as IncidentFilter["type"] })} aria-label="Incident type">
          <option value="">All types</option>
          {INCIDENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {INCIDENT_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
        <select
          value={filter.grade}
          onChange={(e) => set({ grade: e.target.value as IncidentFilter["grade"] })}
          aria-label="Incident grade"
        >
          <option value="">All grades</option>
          {GRADES.map((g) => (
            <option key={g} value={g}>
              Grade {g}
            </option>
          ))}
          <option value="none">Not graded</option>
        </select>
        <SectorSelect value={filter.sector} onChange={(sector) => set({ sector })} label="Incident sector" />
      </div>
    </div>
  );
}

/** Focuses and selects the search box each time `focusIncidentSearch()` is called (a shortcut). */
function useSearchFocus() {
  const ref = useRef<HTMLInputElement>(null);
  const token = useControlUi((s) => s.searchFocus);
  const first = useRef(token);
  useEffect(
    function focusOnRequest() {
      if (token === first.current) return;
      ref.current?.focus();
      ref.current?.select();
    },
    [token],
  );
  return ref;
}
