/** One access-log entry (DPA 2018 s.62), as the server stores it and the admin API returns it. */
export interface AccessRecord {
  id: number;
  /** Real time (ms), not an operation's record time. */
  at: number;
  userId: string;
  userName: string;
  role: string;
  /** The operation concerned; null for actions outside any operation (admin, searches). */
  opId: string | null;
  /** `incident.open`, `replay.open`, `replay.print`, `export.<kind>`, `access-log.*`, `admin.*`. */
  action: string;
  /** What was looked at or acted on: an incident id, a user id, a filter. */
  target: string | null;
  reason: string | null;
  recipient: string | null;
  detail: string | null;
}
