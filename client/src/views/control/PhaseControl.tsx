import "../../styles/phase.css";
import { useEffect, useRef, useState } from "react";
import { MATCH_PHASE_LABELS, MATCH_PHASES, type MatchPhase } from "../../../../shared/domain";
import { isEgressMode, phaseLabel } from "../../../../shared/matchPhase";
import { useOperation, useUser } from "../../store/hooks";
import { useReadOnly } from "../../store/readOnly";
import { useCommand } from "../../ui/useCommand";

/**
 * The match phase in the board's header (issue 11 item 3): shown to everyone on the board;
 * Silver (the commander) changes it from here, confirming first, since the phase reaches every
 * screen and phone and switches the board into egress mode at full time.
 */
export function PhaseControl() {
  const phase = useOperation()?.currentPhase ?? null;
  const user = useUser();
  const readOnly = useReadOnly();
  const [menu, setMenu] = useState(false);
  const [asked, setAsked] = useState<MatchPhase | null>(null);
  const mayChange = user?.role === "commander" && !readOnly;
  return (
    <div className={`phase-control${isEgressMode(phase) ? " phase-egress" : ""}`}>
      <span className="phase-caption">Match phase</span>
      <span className="phase-value" data-phase={phase ?? ""}>
        {phaseLabel(phase)}
      </span>
      {mayChange && (
        <button type="button" className="btn btn-sm btn-ghost phase-open" aria-expanded={menu} onClick={() => setMenu(!menu)}>
          Change…
        </button>
      )}
      {menu && (
        <PhaseMenu
          current={phase}
          onPick={(p) => {
            setMenu(false);
            setAsked(p);
          }}
          onClose={() => setMenu(false)}
        />
      )}
      {asked && <ConfirmPhase from={phase} to={asked} onDone={() => setAsked(null)} />}
    </div>
  );
}

function PhaseMenu({ current, onPick, onClose }: { current: string | null; onPick(p: MatchPhase): void; onClose(): void }) {
  useEffect(
    function closeOnEscape() {
      const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
      // Capture: the board's own shortcuts also listen for Escape.
      window.addEventListener("keydown", onKey, true);
      return () => window.removeEventListener("keydown", onKey, true);
    },
    [onClose],
  );
  return (
    <ul className="phase-menu" aria-label="Set the match phase">
      {MATCH_PHASES.map((p) => (
        <li key={p}>
          <button type="button" disabled={p === current} onClick={() => onPick(p)}>
            {MATCH_PHASE_LABELS[p]}
            {p === current && <span className="muted"> (now)</span>}
            {isEgressMode(p) && <span className="phase-note">egress routes shown</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Asked before the phase changes: it is logged, reaches every phone, and cannot be taken back (only changed again). */
function ConfirmPhase({ from, to, onDone }: { from: string | null; to: MatchPhase; onDone(): void }) {
  const { run, busy } = useCommand();
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  async function change() {
    await run("op:phase", { phase: to });
    onDone();
  }
  return (
    <div className="phase-dialog-back">
      <div className="phase-dialog" role="alertdialog" aria-modal="true" aria-labelledby="phase-q" aria-describedby="phase-what">
        <h2 id="phase-q">Change the match phase to {MATCH_PHASE_LABELS[to]}?</h2>
        <p id="phase-what">
          From <b>{phaseLabel(from)}</b> to <b>{MATCH_PHASE_LABELS[to]}</b>. It is logged under your name and shown on every control screen
          and on stewards' and officers' phones.
          {isEgressMode(to) && !isEgressMode(from) && " The map switches to egress mode: routes to the stations and holding areas."}
        </p>
        <div className="phase-dialog-actions">
          <button ref={keep} type="button" className="btn" onClick={onDone} disabled={busy}>
            {from === null ? "Cancel" : `Keep ${phaseLabel(from)}`}
          </button>
          <button type="button" className="btn btn-primary" onClick={change} disabled={busy}>
            Change to {MATCH_PHASE_LABELS[to]}
          </button>
        </div>
      </div>
    </div>
  );
}
