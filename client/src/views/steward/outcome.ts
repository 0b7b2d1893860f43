import type { StewardReport } from "../../../../shared/state";

/** What control did with a report, in the steward's words. */
export function outcome(r: StewardReport): string {
  switch (r.status) {
    case "new":
      return "With control";
    case "promoted":
      return `Now incident ${r.incidentRef ?? ""}`;
    case "merged":
      return `Merged into ${r.incidentRef ?? "an incident"}`;
    case "dismissed":
      return `Closed: ${r.resolution ?? ""}`;
  }
}
