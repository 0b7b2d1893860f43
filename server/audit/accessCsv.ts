import { MARKING } from "../../shared/replay";
import type { AccessRecord } from "./accessLog";

const COLUMNS = ["marking", "id", "at", "user_id", "user_name", "role", "op_id", "action", "target", "reason", "recipient", "detail"];

function cell(v: string | number | null): string {
  const s = v === null ? "" : String(v);
  // Quote always, double inner quotes, and neutralise a leading = + - @ (spreadsheet formula injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * The access log as CSV, one row per entry, every row marked OFFICIAL-SENSITIVE (the marking
 * travels with any row copied out of the file). Produced row by row, for a streamed export.
 */
export async function* accessCsv(entries: Iterable<AccessRecord> | AsyncIterable<AccessRecord>): AsyncGenerator<string> {
  yield `${COLUMNS.join(",")}\r\n`;
  for await (const e of entries) {
    const at = new Date(e.at).toISOString();
    const row = [MARKING, e.id, at, e.userId, e.userName, e.role, e.opId, e.action, e.target, e.reason, e.recipient, e.detail];
    yield `${row.map(cell).join(",")}\r\n`;
  }
}
