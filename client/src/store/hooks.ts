import { useEffect } from "react";
import { useStore } from "zustand";
import { useShallow } from "zustand/react/shallow";
import type { Fix, Incident, OperationInfo, OperationState, StewardReport, Unit } from "../../../shared/state";
import type { User } from "../api/session";
import type { SendCommand } from "../sync/sendCommand";
import { useBoardContext } from "./BoardContext";
import type { Board, Connection, Selection } from "./boardStore";
import { filterIncidents, type IncidentFilter, newReports, openIncidents, reportsBy, sectorIncidents, unitsByCallSign } from "./selectors";

/**
 * Small named reads of the board store. Each selects the least it needs; selectors that build
 * arrays go through useShallow. Positions live in a store of their own (positionsStore.ts), so a
 * positions frame re-renders only what reads them through usePositions / usePosition.
 */
export function useBoard<T>(selector: (board: Board) => T): T {
  return useStore(useBoardContext().store, selector);
}

const pickState = (b: Board) => b.state;
const sel =
  <T>(pick: (s: OperationState) => T) =>
  (b: Board) =>
    pick(b.state);

export const useOperationState = (): OperationState => useBoard(pickState);
export const useOperation = (): OperationInfo | null => useBoard(sel((s) => s.operation));
export const useConnection = (): Connection => useBoard((b) => b.connection);
export const useUser = (): User | null => useBoard((b) => b.user);
export const useSelection = (): Selection => useBoard((b) => b.selection);
/**
 * One part of the selection, as a string: a panel that follows only the selected incident does
 * not re-render when a unit or a report is selected (useSelection's object changes for any).
 */
export const useSelectedIncidentId = (): string | null => useBoard((b) => b.selection.incidentId);
export const useSelectedUnitId = (): string | null => useBoard((b) => b.selection.unitId);
export const useSelectedReportId = (): string | null => useBoard((b) => b.selection.reportId);
/** Every unit's newest fix, from the positions store: re-renders on every positions frame. */
export function usePositions(): Readonly<Record<string, Fix>> {
  return useStore(useBoardContext().store.getState().positionsStore, (p) => p.positions);
}
/** One unit's newest fix: re-renders only when that unit's fix changes. */
export function usePosition(unitId: string | null): Fix | null {
  return useStore(useBoardContext().store.getState().positionsStore, (p) => (unitId ? (p.positions[unitId] ?? null) : null));
}
export const useIncidentMap = () => useBoard(sel((s) => s.incidents));
export const useUnitMap = () => useBoard(sel((s) => s.units));

export const useIncident = (id: string | null): Incident | null => useBoard(sel((s) => (id ? (s.incidents[id] ?? null) : null)));
export const useUnit = (id: string | null): Unit | null => useBoard(sel((s) => (id ? (s.units[id] ?? null) : null)));
export const useReport = (id: string): StewardReport | null => useBoard(sel((s) => s.reports[id] ?? null));

export const useOpenIncidents = (): Incident[] => useBoard(useShallow(sel(openIncidents)));
/** The incident queue as filtered (search, type, grade, sector, status), in queue order. */
export const useFilteredIncidents = (f: IncidentFilter): Incident[] => useBoard(useShallow(sel((s) => filterIncidents(s, f))));
/** Counts for the queue's header: live, resolved and closed incidents (of one sector, when given: a Bronze's board). */
export const useIncidentCounts = (sector: string | null = null) =>
  useBoard(
    useShallow(
      sel((s) => {
        const c = { live: 0, resolved: 0, closed: 0 };
        for (const i of Object.values(s.incidents)) {
          if (sector !== null && i.sector !== sector) continue;
          c[i.status === "closed" ? "closed" : i.status === "resolved" ? "resolved" : "live"]++;
        }
        return c;
      }),
    ),
  );
/**
 * Every attendance breach the server flagged (AttendanceTargetMissed), as "incidentId|target",
 * newest due first: the alarm banner's list and the sound's memory.
 */
export const useBreachKeys = (): string[] =>
  useBoard(
    useShallow(
      sel((s) =>
        Object.values(s.incidents)
          .flatMap((i) => Object.entries(i.targetsMissed ?? {}).map(([t, due]) => ({ key: `${i.id}|${t}`, due: due ?? 0 })))
          .sort((a, b) => b.due - a.due || a.key.localeCompare(b.key))
          .map((b) => b.key),
      ),
    ),
  );
export const useNewReports = (): StewardReport[] => useBoard(useShallow(sel(newReports)));
export const useUnits = (): Unit[] => useBoard(useShallow(sel(unitsByCallSign)));

/**
 * Keeps the unit board's order ready while the board is open: when the units change, the order
 * is brought up to date in idle time, so opening the Units tab does not sort every unit inside
 * the click (ZB4's order, carried over in one pass when no call sign changed).
 */
export function useUnitOrderReady(): void {
  const { store } = useBoardContext();
  useEffect(
    function orderUnitsWhenIdle() {
      let pending: number | null = null;
      const order = () => {
        pending = null;
        unitsByCallSign(store.getState().state);
      };
      const later = () => {
        pending ??= whenIdle(order);
      };
      later();
      const unsubscribe = store.subscribe((board, previous) => {
        if (board.state.units !== previous.state.units) later();
      });
      return () => {
        unsubscribe();
        if (pending !== null) cancelIdle(pending);
      };
    },
    [store],
  );
}

const whenIdle = (f: () => void): number =>
  typeof requestIdleCallback === "function" ? requestIdleCallback(f, { timeout: 1_000 }) : window.setTimeout(f, 200);
const cancelIdle = (id: number): void => (typeof cancelIdleCallback === "function" ? cancelIdleCallback(id) : window.clearTimeout(id));
export const useAlerts = () => useBoard(sel((s) => s.alerts));
export const useDecisions = () => useBoard(sel((s) => s.decisions));
export const useMyReports = (userId: string): StewardReport[] => useBoard(useShallow(sel((s) => reportsBy(s, userId))));
export const useSectorIncidents = (sector: string | null): Incident[] => useBoard(useShallow(sel((s) => sectorIncidents(s, sector))));

export function useSelect(): Board["select"] {
  return useBoard((b) => b.select);
}

export function useSendCommand(): SendCommand {
  return useBoardContext().connection.sendCommand;
}
