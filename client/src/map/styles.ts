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
 * and reused: a re-render with the same status touches nothing on the canvas.
 */
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

/** A blue ring: at least 3:1 against both the light and the dark plan. */
export const SELECTED_UNIT: PathOptions = { color: "#2f7cff", weight: 3, fill: false };

/**
 * The plan is drawn on canvas, which cannot read CSS custom properties, so each plan style exists
 * once per theme. The dark plan keeps fills low and outlines visible: a dim control room still
 * sees sector edges, the bowl and the routes, and incident and unit colours stand out on it.
 */
export type PlanTheme = "light" | "dark";

/** Sectors get distinct tints: pale on the light plan, deep on the dark one. */
const SECTOR_TINTS: Record<PlanTheme, string[]> = {
  light: ["#cfe3f7", "#d8ecd3", "#f5e3c8", "#e6dcf2", "#f6d6d9", "#d3ece9", "#efeccd", "#dde3ea", "#f3dcec"],
  dark: ["#1c2e44", "#1f3324", "#3a2d18", "#2c2340", "#3c1f26", "#17353a", "#34331a", "#252d38", "#3a2036"],
};

const sectorStyles = new Map<string, PathOptions>();

export function sectorStyle(index: number, theme: PlanTheme): PathOptions {
  const key = `${theme}:${index}`;
  let style = sectorStyles.get(key);
  if (!style) {
    const tints = SECTOR_TINTS[theme];
    const tint = tints[index % tints.length] ?? "#dde3ea";
    style =
      theme === "light"
        ? { color: "#7a8899", weight: 1.2, dashArray: "5 4", fillColor: tint, fillOpacity: 0.55, interactive: false }
        : { color: "#6f8093", weight: 1.2, dashArray: "5 4", fillColor: tint, fillOpacity: 0.8, interactive: false };
    sectorStyles.set(key, style);
  }
  return style;
}

/** The map's background behind the plan (no tiles): matched to each theme. */
export const MAP_BACKGROUND: Record<PlanTheme, string> = { light: "#e4e7e2", dark: "#0c1117" };

export const PLAN_STYLES: Record<PlanTheme, Record<string, PathOptions>> = {
  light: {
    bowl: { color: "#5b6776", weight: 2, fillColor: "#c7ced6", fillOpacity: 0.75, interactive: false },
    pitch: { color: "#4f7f4a", weight: 1, fillColor: "#8fbf7f", fillOpacity: 0.9, interactive: false },
    route: { color: "#8a6d3b", weight: 4, opacity: 0.55, interactive: false },
    // Walkways (concourse ring, links to car parks and stations): what dispatch ETAs walk along.
    walkway: { color: "#8a6d3b", weight: 2, opacity: 0.45, dashArray: "4 4", interactive: false },
    "car-park": { color: "#6b7280", weight: 1, fillColor: "#e5e7eb", fillOpacity: 0.9, interactive: false },
    "coach-park": { color: "#6b7280", weight: 1, fillColor: "#e5e7eb", fillOpacity: 0.9, interactive: false },
  },
  dark: {
    bowl: { color: "#8a97a6", weight: 2, fillColor: "#2a323c", fillOpacity: 0.95, interactive: false },
    pitch: { color: "#4f8a4a", weight: 1, fillColor: "#1d3f22", fillOpacity: 0.95, interactive: false },
    route: { color: "#b89a5e", weight: 4, opacity: 0.6, interactive: false },
    walkway: { color: "#b89a5e", weight: 2, opacity: 0.45, dashArray: "4 4", interactive: false },
    "car-park": { color: "#6b7685", weight: 1, fillColor: "#1e252e", fillOpacity: 0.95, interactive: false },
    "coach-park": { color: "#6b7685", weight: 1, fillColor: "#1e252e", fillOpacity: 0.95, interactive: false },
  },
};

export interface PointStyle {
  radius: number;
  style: PathOptions;
}

export const POINT_STYLES: Record<PlanTheme, Record<string, PointStyle>> = {
  light: {
    entrance: { radius: 3.5, style: { color: "#ffffff", weight: 1, fillColor: "#475569", fillOpacity: 1 } },
    post: { radius: 2.5, style: { color: "#7c8a9a", weight: 1, fillColor: "#ffffff", fillOpacity: 1 } },
    landmark: { radius: 4, style: { color: "#6b7280", weight: 1, fillColor: "#d1d5db", fillOpacity: 1 } },
  },
  dark: {
    entrance: { radius: 3.5, style: { color: "#0c1117", weight: 1, fillColor: "#cfd8e3", fillOpacity: 1 } },
    post: { radius: 2.5, style: { color: "#9aa8b7", weight: 1, fillColor: "#0c1117", fillOpacity: 1 } },
    landmark: { radius: 4, style: { color: "#9aa8b7", weight: 1, fillColor: "#3b4654", fillOpacity: 1 } },
  },
};

/** The recommended unit's walk to the selected incident: bright, dashed, above the plan. */
export const DISPATCH_ROUTE: PathOptions = { color: "#2f7cff", weight: 4, opacity: 0.9, dashArray: "8 6", interactive: false };
