import { useMemo } from "react";
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import { maySend } from "../../../shared/commandRoles";
import type { CommandName } from "../../../shared/commands";
import type { Incident, StewardReport } from "../../../shared/state";
import { venuePlan } from "../venue/plan";
import { useNewReports, useOpenIncidents, useUser } from "./hooks";
import { useReadOnly } from "./readOnly";

/**
 * A Bronze's board is filtered to their sector by default (issue 11): the incident queue, the
 * steward reports and the map's incidents and reports. They may widen it to the whole ground's
 * incidents; their units stay their sector's whatever they choose, since the server sends them
 * no others (shared/visibility.ts). Nothing here is operation data.
 */
export const sectorScope = createStore<{ whole: boolean; setWhole(whole: boolean): void }>()((set) => ({
  whole: false,
  setWhole: (whole) => set({ whole }),
}));

/** The signed-in Bronze's own sector, or null (everyone else, or a Bronze with none). */
export function useOwnSector(): string | null {
  const user = useUser();
  return user?.role === "bronze" ? user.sector : null;
}

/** The sector the board is filtered to now, or null: the whole ground. */
export function useScopeSector(): string | null {
  const own = useOwnSector();
  const whole = useStore(sectorScope, (s) => s.whole);
  return whole ? null : own;
}

/** The plan's name for a sector's Bronze ("Bronze Olympic Way"), or "Bronze". */
export function bronzeTitle(sector: string | null): string {
  return venuePlan.sectors.find((s) => s.id === sector)?.bronze || "Bronze";
}

const inScope = (scope: string | null, sector: string | null) => scope === null || sector === scope;

/** Open incidents within the scope (the map's markers). */
export function useScopedOpenIncidents(): Incident[] {
  const all = useOpenIncidents();
  const scope = useScopeSector();
  return useMemo(() => (scope ? all.filter((i) => inScope(scope, i.sector)) : all), [all, scope]);
}

/** Steward reports awaiting triage within the scope. */
export function useScopedNewReports(): StewardReport[] {
  const all = useNewReports();
  const scope = useScopeSector();
  return useMemo(() => (scope ? all.filter((r) => inScope(scope, r.sector)) : all), [all, scope]);
}

/**
 * Whether this board may offer a command's button: not in a replay, and the role may send it
 * (COMMAND_ROLES; the server checks again, and keeps a Bronze's to their sector).
 */
export function useMay(name: CommandName): boolean {
  const role = useUser()?.role;
  const readOnly = useReadOnly();
  return !readOnly && role !== undefined && maySend(role, name);
}

/**
 * As `useMay`, for a command about something in `sector`: a Bronze acts in their own sector only
 * (shared/bronze.ts), so their board offers nothing elsewhere.
 */
export function useMayIn(name: CommandName, sector: string | null): boolean {
  const may = useMay(name);
  const user = useUser();
  return may && (user?.role !== "bronze" || (sector !== null && sector === user.sector));
}
