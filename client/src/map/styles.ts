import type { PathOptions } from "leaflet";
import type { Grade, UnitStatus } from "../../../shared/domain";

/** Marker colours shared by the map, chips and legends. */
export const GRADE_COLOURS: Record<Grade | "none", string> = {
  I: "#d32f2f",
  S: "#f9a825",
  E: "#1976d2",
  R: "#757575",
  none: "#7b1fa2",
};

export const UNIT_STATUS_COLOURS: Record<UnitStatus, string> = {
  available: "#2e7d32",
  "en-route": "#00838f",
  "on-scene": "#e65100",
  committed: "#ad1457",
  refreshment: "#8d6e63",
  returning: "#689f38",
  "off-duty": "#9e9e9e",
};

export const UNIT_STATUS_LABELS: Record<UnitStatus, string> = {
  available: "Available",
  "en-route": "En route",
  "on-scene": "On scene",
  committed: "Committed",
  refreshment: "Refreshment",
  returning: "Returning",
  "off-duty": "Off duty",
};

/*
 * Path options are compared by reference in React-Leaflet, so each distinct style is built once
 * and reused: a re-render with the same grade or status touches nothing on the canvas.
 */
const incidentStyles = new Map<string, PathOptions>();

export function incidentStyle(grade: Grade | null, resolved: boolean): PathOptions {
  const key = `${grade ?? "none"}:${resolved}`;
  let style = incidentStyles.get(key);
  if (!style) {
    const colour = GRADE_COLOURS[grade ?? "none"];
    style = resolved
      ? { color: colour, weight: 3, fill: false, opacity: 0.9 }
      : { color: "#111827", weight: 2, fillColor: colour, fillOpacity: 1, opacity: 1 };
    incidentStyles.set(key, style);
  }
  return style;
}

export const incidentRadius = (grade: Grade | null): number => (grade === "I" ? 12 : 9);

export const SELECTED_RING: PathOptions = { color: "#111827", weight: 3, fill: false, dashArray: "4 3" };

const unitStyles = new Map<string, PathOptions>();

/** A stadium-scale deployment (thousands of units) is drawn quieter and smaller. */
export const DENSE_UNITS = 500;

export function unitStyle(status: UnitStatus, dense: boolean): PathOptions {
  const key = `${status}:${dense}`;
  let style = unitStyles.get(key);
  if (!style) {
    // In a dense picture available units are the background; busy ones stand out.
    const quiet = dense && status === "available";
    style = {
      color: quiet ? "#2f4f35" : "#111827",
      weight: quiet ? 0.5 : 1,
      opacity: quiet ? 0.6 : 1,
      fillColor: UNIT_STATUS_COLOURS[status],
      fillOpacity: quiet ? 0.6 : 1,
    };
    unitStyles.set(key, style);
  }
  return style;
}

/** Unit dots grow as the map zooms in, so a zoomed-out stadium of 3,500 units stays readable. */
export function unitRadius(zoom: number, dense: boolean): number {
  const extra = dense ? 0 : 2;
  if (zoom < 15.5) return 2 + extra;
  if (zoom < 16.5) return 3 + extra;
  if (zoom < 17.5) return 4 + extra;
  return 5 + extra;
}

export const SELECTED_UNIT: PathOptions = { color: "#111827", weight: 3, fill: false };

/** The plan: quiet fills so incidents and units stand out; sectors get distinct pale tints. */
const SECTOR_TINTS = ["#cfe3f7", "#d8ecd3", "#f5e3c8", "#e6dcf2", "#f6d6d9", "#d3ece9", "#efeccd", "#dde3ea", "#f3dcec"];

export function sectorStyle(index: number): PathOptions {
  const tint = SECTOR_TINTS[index % SECTOR_TINTS.length] ?? "#dde3ea";
  return { color: "#7a8899", weight: 1.2, dashArray: "5 4", fillColor: tint, fillOpacity: 0.55, interactive: false };
}

export const PLAN_STYLES: Record<string, PathOptions> = {
  bowl: { color: "#5b6776", weight: 2, fillColor: "#c7ced6", fillOpacity: 0.75, interactive: false },
  pitch: { color: "#4f7f4a", weight: 1, fillColor: "#8fbf7f", fillOpacity: 0.9, interactive: false },
  route: { color: "#8a6d3b", weight: 4, opacity: 0.55, interactive: false },
  "car-park": { color: "#6b7280", weight: 1, fillColor: "#e5e7eb", fillOpacity: 0.9, interactive: false },
  "coach-park": { color: "#6b7280", weight: 1, fillColor: "#e5e7eb", fillOpacity: 0.9, interactive: false },
};

export const POINT_STYLES: Record<string, { radius: number; style: PathOptions }> = {
  entrance: { radius: 3.5, style: { color: "#ffffff", weight: 1, fillColor: "#475569", fillOpacity: 1 } },
  post: { radius: 2.5, style: { color: "#7c8a9a", weight: 1, fillColor: "#ffffff", fillOpacity: 1 } },
  landmark: { radius: 4, style: { color: "#6b7280", weight: 1, fillColor: "#d1d5db", fillOpacity: 1 } },
};
