/** The haversine lives in shared/ now (the dispatch recommender and triage use it too). */
export { distanceMetres } from "../../../shared/geo";

export function formatDistance(metres: number): string {
  return metres < 1000 ? `${Math.round(metres / 10) * 10} m` : `${(metres / 1000).toFixed(1)} km`;
}
