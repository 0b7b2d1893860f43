import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Incident } from "../../../../shared/state";
import { useBoardContext } from "../../store/BoardContext";
import { useAlerts, useBoard, useIncident, usePosition, useSectorIncidents, useUnit } from "../../store/hooks";
import { loadPicture, savePicture, type UnitPicture } from "./unitCache";

/** The picture is written at most this often (positions move it every 50 ms). */
const SAVE_EVERY_MS = 1_000;

export interface UnitScene {
  /** From the board when it holds the unit, else what this phone kept; null when it has neither. */
  picture: UnitPicture | null;
  /** True when the picture is the kept one (a reload with no signal), not the board's. */
  fromCache: boolean;
  /** Whether the phone has looked for a kept picture yet (so "nothing known" is not said too early). */
  looked: boolean;
}

/**
 * The officer's picture: live from the board store, kept on the phone as it changes, and read
 * back from the phone when the board has nothing (a reload with no signal).
 */
export function useUnitPicture(userId: string, unitId: string | null, sector: string | null): UnitScene {
  const { connection, store } = useBoardContext();
  const opId = store.getState().opId ?? "";
  const opName = useBoard((b) => b.state.operation?.name ?? "");
  const unit = useUnit(unitId);
  const assignment = useIncident(unit?.incidentId ?? null);
  const sectorOpen = useSectorIncidents(unit?.sector ?? sector);
  const position = usePosition(unitId);
  const alerts = useAlerts();

  const live = useMemo((): UnitPicture | null => {
    if (!unit || !opId) return null;
    const incidents: Incident[] = [...(assignment ? [assignment] : []), ...sectorOpen.filter((i) => i.id !== assignment?.id)];
    return { opId, opName, unit, incidents, position, alerts, savedAt: connection.now(), savedAtDevice: Date.now() };
  }, [opId, opName, unit, assignment, sectorOpen, position, alerts, connection]);

  const boardLive = useBoard((b) => b.connection.status === "live");
  useKeepPicture(userId, live, boardLive, connection.now);
  const { kept, looked } = useKeptPicture(userId, opId);
  if (live) return { picture: live, fromCache: false, looked: true };
  return { picture: kept, fromCache: kept !== null, looked };
}

/** Written again this often while nothing changes, so "as of" says when the board was last live. */
const REFRESH_MS = 30_000;

/**
 * Writes the live picture to the phone while the board is live: at most once a second after a
 * change, always the newest, and every 30 s besides, stamped with the board's time of writing.
 */
function useKeepPicture(userId: string, picture: UnitPicture | null, live: boolean, now: () => number): void {
  const latest = useRef(picture);
  latest.current = picture;
  const timer = useRef<number | undefined>(undefined);
  const save = useCallback(() => {
    const p = latest.current;
    // Private browsing or a full disk: the live board still works; only the offline copy is lost.
    if (p) void savePicture(userId, { ...p, savedAt: now(), savedAtDevice: Date.now() }).catch(() => undefined);
  }, [userId, now]);
  useEffect(
    function keepChangesOnPhone() {
      if (!picture || !live || timer.current !== undefined) return;
      timer.current = window.setTimeout(() => {
        timer.current = undefined;
        save();
      }, SAVE_EVERY_MS);
    },
    [picture, live, save],
  );
  useEffect(
    function restampWhileLive() {
      if (!live) return;
      const id = window.setInterval(save, REFRESH_MS);
      return () => window.clearInterval(id);
    },
    [live, save],
  );
  useEffect(() => () => window.clearTimeout(timer.current), []);
}

function useKeptPicture(userId: string, opId: string): { kept: UnitPicture | null; looked: boolean } {
  const [state, setState] = useState<{ kept: UnitPicture | null; looked: boolean }>({ kept: null, looked: false });
  useEffect(
    function readKeptPicture() {
      let cancelled = false;
      loadPicture(userId, opId)
        .catch(() => null)
        .then((kept) => !cancelled && setState({ kept, looked: true }));
      return () => {
        cancelled = true;
      };
    },
    [userId, opId],
  );
  return state;
}
