import type { AccessRecord } from "../../../../shared/accessLog";
import { request } from "../../api/http";

export type { AccessRecord as AccessEntry } from "../../../../shared/accessLog";

/** The filters of a search; every one optional. `action` may be a family (`export`). */
export interface AccessFilter {
  user?: string;
  action?: string;
  opId?: string;
  from?: number;
  to?: number;
}

/** Searching and exporting are logged on the server, so both are POSTs. */
export const accessLogApi = {
  search: (filter: AccessFilter, before?: number, limit = 100) =>
    request<{ entries: AccessRecord[]; next: number | null }>("POST", "/api/access-log/search", {
      ...filter,
      ...(before === undefined ? {} : { before }),
      limit,
    }),
  /** The CSV (marked OFFICIAL-SENSITIVE), downloaded through a Blob; throws with the server's message. */
  async exportCsv(filter: AccessFilter, reason: string, recipient: string): Promise<void> {
    const res = await fetch("/api/access-log/export", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ...filter, reason, recipient }),
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      throw new Error(body?.error?.message ?? `the server answered ${res.status}`);
    }
    const blob = await res.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = /filename="?([^";]+)"?/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "cordon-access-log.csv";
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  },
};
