import { useState } from "react";

const KINDS = [
  { kind: "incidents.csv", label: "Incident log (CSV)" },
  { kind: "incidents.json", label: "Incident log (JSON)" },
  { kind: "events.ndjson", label: "Full event log with hash chain (NDJSON)" },
  { kind: "report.html", label: "Printable debrief report" },
] as const;

type Progress = { kind: string; received: number; total: number | null; done: boolean; error: string | null; bytes: number };

/**
 * Exports (issue 3). Each asks why and for whom first: both are written to the access log with
 * who and when (DPA 2018 s.62). Downloads stream, with progress, and are saved when complete.
 */
export function ExportsPanel({ opId }: { opId: string }) {
  const [reason, setReason] = useState("");
  const [recipient, setRecipient] = useState("");
  const [progress, setProgress] = useState<Progress | null>(null);
  const ready = reason.trim().length >= 3 && recipient.trim().length >= 2;
  const url = (kind: string) => `/api/operations/${encodeURIComponent(opId)}/export/${kind}`;
  // A POST: an export writes to the access log, and no other site's page may set one off.
  const post = (kind: string) =>
    fetch(url(kind), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ reason: reason.trim(), recipient: recipient.trim() }),
    });

  async function openReport(kind: string) {
    // Opened now, while the click still counts as the user's: a window opened after an await is blocked.
    const tab = window.open("", "_blank");
    setProgress({ kind, received: 0, total: null, done: false, error: null, bytes: 0 });
    try {
      const res = await post(kind);
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      const blob = new Blob([await res.arrayBuffer()], { type: "text/html" });
      const href = URL.createObjectURL(blob);
      if (tab) {
        tab.opener = null;
        tab.location.href = href;
      } else window.location.assign(href);
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
      setProgress({ kind, received: 1, total: 1, done: true, error: null, bytes: 0 });
    } catch (err) {
      tab?.close();
      setProgress((p) => (p ? { ...p, error: (err as Error).message } : p));
    }
  }

  async function download(kind: string) {
    if (kind === "report.html") return openReport(kind);
    setProgress({ kind, received: 0, total: null, done: false, error: null, bytes: 0 });
    try {
      const res = await post(kind);
      if (!res.ok || !res.body) throw new Error(`the server answered ${res.status}`);
      const total = Number(res.headers.get("x-cordon-total-events")) || null;
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let lines = 0;
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.byteLength;
        for (const b of value) if (b === 10) lines++;
        setProgress({ kind, received: lines, total, done: false, error: null, bytes });
      }
      const blob = new Blob(chunks as BlobPart[], { type: res.headers.get("content-type") ?? "application/octet-stream" });
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = /filename="?([^";]+)"?/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `cordon-${kind}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      setProgress({ kind, received: lines, total, done: true, error: null, bytes });
    } catch (err) {
      setProgress((p) => (p ? { ...p, error: (err as Error).message } : p));
    }
  }

  const pct = progress?.total ? Math.min(100, Math.round((progress.received / (progress.total + 1)) * 100)) : null;
  return (
    <section className="exports" aria-label="Exports">
      <div className="marking-bar">OFFICIAL-SENSITIVE</div>
      <p className="muted small">Every export is logged with who, when, why and for whom (Data Protection Act 2018, s.62).</p>
      <label className="field">
        <span>Reason</span>
        <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. Post-match debrief" />
      </label>
      <label className="field">
        <span>Recipient</span>
        <input value={recipient} onChange={(e) => setRecipient(e.target.value)} placeholder="e.g. Event review panel" />
      </label>
      <div className="export-buttons">
        {KINDS.map((k) => (
          <button
            key={k.kind}
            type="button"
            className="btn"
            disabled={!ready || (progress !== null && !progress.done && !progress.error)}
            onClick={() => void download(k.kind)}
          >
            {k.label}
          </button>
        ))}
      </div>
      {progress && (
        <div className="export-progress" role="status">
          {progress.error ? (
            <span className="text-alarm">Export failed: {progress.error}</span>
          ) : progress.done ? (
            <span className="text-ok">
              Complete: {progress.kind}
              {progress.bytes ? ` — ${(progress.bytes / 1024).toFixed(0)} KB` : " — opened for printing"}
            </span>
          ) : (
            <>
              <progress max={100} value={pct ?? undefined} />
              <span className="small">
                {progress.total ? `${progress.received} of ${progress.total} events` : `${(progress.bytes / 1024).toFixed(0)} KB`}
              </span>
            </>
          )}
        </div>
      )}
    </section>
  );
}
