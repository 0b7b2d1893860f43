import { useCallback, useEffect, useState } from "react";
import { RefusedPage } from "../../../../shared/refusedSubmissions";

/** How often the count is refreshed while the board is open: refusals are rare, so a slow poll. */
const REFRESH_MS = 30_000;
const PAGE = 20;

/** GET /api/refused-submissions (docs/protocol.md): what phones sent that the server refused for good. */
async function fetchRefused(): Promise<RefusedPage> {
  const res = await fetch(`/api/refused-submissions?limit=${PAGE}`, { credentials: "same-origin" });
  if (!res.ok) throw new Error(`Refused submissions could not be loaded (${res.status}).`);
  return RefusedPage.parse(await res.json());
}

const time = (at: number) => new Date(at).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });

/**
 * "Refused from phones (N)": reports, statuses, notes and receipts a phone sent that were refused
 * for good (a closed or unknown operation, a permission), which the phone keeps marked refused
 * (issue 12 item 1, spec O16). Control sees who sent what, and why it was refused.
 */
export function RefusedFromPhones() {
  const [page, setPage] = useState<RefusedPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    fetchRefused().then(
      (p) => {
        setPage(p);
        setError(null);
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, []);
  useEffect(
    function refreshRefused() {
      load();
      const timer = setInterval(load, REFRESH_MS);
      return () => clearInterval(timer);
    },
    [load],
  );
  return (
    <details className="refused-from-phones" onToggle={(e) => e.currentTarget.open && load()}>
      <summary>Refused from phones ({page?.total ?? "…"})</summary>
      {error && <p className="muted">{error}</p>}
      {page?.entries.length === 0 && <p className="muted">Nothing refused.</p>}
      <ul className="refused-list">
        {page?.entries.map((e) => (
          <li key={e.id}>
            <strong>{time(e.at)}</strong> {e.userName} ({e.role}): {e.command} to {e.opId} — {e.message}
            <details>
              <summary className="muted">what was sent{e.truncated ? " (cut)" : ""}</summary>
              <pre className="refused-body">{e.body}</pre>
            </details>
          </li>
        ))}
      </ul>
      {page && page.total > page.entries.length && (
        <p className="muted">
          Newest {page.entries.length} of {page.total}.
        </p>
      )}
    </details>
  );
}
