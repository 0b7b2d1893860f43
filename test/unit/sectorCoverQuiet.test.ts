import { describe, expect, it, vi } from "vitest";
import type { OperationLog } from "../../server/operations/operationLog";
import { SectorWatcher } from "../../server/system/sectorWatch";
import type { OperationState, Unit } from "../../shared/state";
import type { VenuePlan } from "../../shared/venue";

/**
 * The sector watcher's cover look is skipped while nothing it reads has changed (issue 14): cover
 * reads only the units and the warnings, so with both the same objects as at a quiet look there is
 * no pass over every unit; a changed collection is looked at again at once.
 */
const sector = { id: "s1", name: "S1", bronze: "B", requires: ["serial"], polygon: null } as unknown as VenuePlan["sectors"][number];
const venue = { id: "v", sectors: [sector] } as unknown as VenuePlan;

function unitsWith(status: Unit["status"]) {
  const reads = { n: 0 };
  const unit = { id: "u1", kind: "serial", sector: "s1", status, incidentId: null } as unknown as Unit;
  const units = new Proxy({ u1: unit } as Record<string, Unit>, {
    ownKeys(target) {
      reads.n++;
      return Reflect.ownKeys(target);
    },
  });
  return { units, reads };
}

describe("ZS1: the sector watcher's cover look", () => {
  it("ZS1: a second look with the same units and warnings reads no unit and sends nothing; a unit changed is looked at at once and its cover:lost sent", async () => {
    const quiet = unitsWith("available");
    const state = { seq: 1, operation: { venueId: "v" }, units: quiet.units, warnings: {} } as unknown as OperationState;
    const execute = vi.fn(async (_sender: unknown, _command: unknown, _key: string) => ({
      ok: true as const,
      data: { seq: 2, eventId: "e", duplicate: false },
    }));
    const log = { opId: "op", state, execute } as unknown as OperationLog & { state: OperationState };
    const watcher = new SectorWatcher({
      logs: () => [log],
      venues: new Map([["v", venue]]),
      latestFixes: () => [],
      everyMs: 0,
      onError: (err) => {
        throw err;
      },
    });
    expect(await watcher.tick()).toEqual([]);
    expect(quiet.reads.n).toBeGreaterThan(0);
    quiet.reads.n = 0;
    // A new state (a report folded) with the same units and warnings: still quiet, not read again.
    log.state = { ...state, seq: 2 };
    expect(await watcher.tick()).toEqual([]);
    expect(quiet.reads.n).toBe(0);
    const gone = unitsWith("off-duty");
    log.state = { ...state, seq: 3, units: gone.units };
    const acks = await watcher.tick();
    expect(gone.reads.n).toBeGreaterThan(0);
    expect(acks).toHaveLength(1);
    expect(execute).toHaveBeenCalledTimes(1);
    expect(execute.mock.calls[0]?.[1]).toEqual({ name: "cover:lost", body: { sector: "s1" } });
  });
});
