import { type DivIcon, divIcon } from "leaflet";
import type { Grade } from "../../../shared/domain";

/**
 * Incidents and steward reports as HTML markers, told apart by shape and letter as well as
 * colour: an incident is a diamond with its grade letter (hollow once resolved), a report
 * awaiting triage is a speech bubble with "R". Their colours and sizes come from CSS (map.css),
 * so they follow the theme and the wall density. Each icon is built once per look.
 */
const icons = new Map<string, DivIcon>();

/** Plan names go into icons' HTML: escaped, though they come from the project's own GeoJSON. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function cached(key: string, make: () => DivIcon): DivIcon {
  let icon = icons.get(key);
  if (!icon) {
    icon = make();
    icons.set(key, icon);
  }
  return icon;
}

/** A zero-size anchor on the point; the shape inside is centred on it by CSS. */
const POINT = { iconSize: [0, 0] as [number, number], iconAnchor: [0, 0] as [number, number] };

export function incidentIcon(grade: Grade | null, resolved: boolean, selected: boolean): DivIcon {
  const g = grade ?? "none";
  return cached(`inc:${g}:${resolved}:${selected}`, () =>
    divIcon({
      ...POINT,
      className: `map-incident map-incident-${g}${resolved ? " map-incident-resolved" : ""}${selected ? " map-selected" : ""}`,
      html: `<span class="map-incident-shape"></span><span class="map-incident-letter">${grade ?? "?"}</span>`,
    }),
  );
}

export function reportIcon(selected: boolean): DivIcon {
  return cached(`rep:${selected}`, () =>
    divIcon({
      ...POINT,
      className: `map-report${selected ? " map-selected" : ""}`,
      html: `<span class="map-report-shape">R</span>`,
    }),
  );
}
