import "../../styles/warnings.css";
import { useMemo, useState } from "react";
import { sortedWarnings, warningsOf } from "../../../../shared/warningFold";
import type { Warning, WarningKind } from "../../../../shared/warnings";
import { useBoard, useSelect, useUser } from "../../store/hooks";
import { clockTime } from "../../ui/time";
import { venuePlan } from "../../venue/plan";
import { showWarning } from "./warningFocus";

const KIND_LABELS: Record<WarningKind, string> = {
  "unit-left-sector": "Out of sector",
  "sector-cover": "Cover",
  "bronze-unacknowledged": "Not acknowledged",
  "entrance-hot": "Entrance",
};

const bronzeOf = new Map(venuePlan.sectors.map((s) => [s.id, s.bronze || s.name]));
/** Whose warning it is: the sector's Bronze by the plan's name, or Silver for the whole ground. */
const responsible = (sector: string | null) => (sector ? (bronzeOf.get(sector) ?? sector) : "Silver (whole ground)");

/** Every warning on this board: a Bronze's own sector's by default, everyone else's all. */
export function useWarnings(allSectors = false): Warning[] {
  const record = useBoard((b) => warningsOf(b.state));
  const user = useUser();
  const mine = user?.role === "bronze" && !allSectors ? user.sector : null;
  return useMemo(() => sortedWarnings(Object.values(record).filter((w) => !mine || w.sector === mine)), [record, mine]);
}

/** "Warnings (3)": the tab's label, counting the open ones this board lists. */
export function useWarningsLabel(): string {
  const open = useWarnings().filter((w) => w.clearedAt === null).length;
  return open > 0 ? `Warnings (${open})` : "Warnings";
}

/**
 * The board's one list of the warnings the server raises (issue 11): units out of their sector,
 * sectors without cover, incidents their Bronze has not acknowledged, entrances running hot.
 * Open first, newest first; cleared ones stay, greyed, as history. The same fold feeds it live
 * and in replay, so a replay lists the warnings as they stood at T.
 */
export function WarningsPanel() {
  const user = useUser();
  const bronze = user?.role === "bronze" && user.sector !== null;
  const [all, setAll] = useState(false);
  const warnings = useWarnings(all);
  const select = useSelect();
  const open = warnings.filter((w) => w.clearedAt === null).length;

  return (
    <div className="tab-body warnings-panel">
      <div className="warnings-tools">
        <span className="muted small">
          {open} open · {warnings.length - open} cleared
          {bronze && !all && ` · ${responsible(user.sector)} only`}
        </span>
        <span className="spacer" />
        {bronze && (
          <button type="button" className="btn btn-sm" onClick={() => setAll(!all)}>
            {all ? "My sector only" : "All sectors"}
          </button>
        )}
      </div>
      {warnings.length === 0 ? (
        <p className="empty">No warnings.</p>
      ) : (
        <ol className="warnings" aria-label="Warnings">
          {warnings.map((w) => (
            <WarningRow key={w.id} w={w} onShow={() => showWarning(w, select)} />
          ))}
        </ol>
      )}
    </div>
  );
}

function WarningRow({ w, onShow }: { w: Warning; onShow(): void }) {
  const cleared = w.clearedAt !== null;
  return (
    <li className={`warning warning-${w.kind}${cleared ? " warning-cleared" : ""}`} data-warning={w.id}>
      <div className="warning-meta">
        <span className="mono">{clockTime(w.raisedAt)}</span>
        <span className="warning-kind">{KIND_LABELS[w.kind]}</span>
        <span className="warning-sector">{responsible(w.sector)}</span>
        <span className="spacer" />
        <button type="button" className="btn btn-xs" onClick={onShow}>
          Show
        </button>
      </div>
      <div className="warning-text">{w.text}</div>
      {w.clearedAt !== null && <div className="warning-cleared-at muted small">Cleared {clockTime(w.clearedAt)}</div>}
    </li>
  );
}
