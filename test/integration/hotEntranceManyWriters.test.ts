import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HotEntranceWatcher } from "../../server/ingress/hotEntrances";
import type { Operations } from "../../server/operations/operations";
import { loadVenues } from "../../server/venues";
import { entranceGroups } from "../../shared/entrances";
import type { GroupLoad } from "../../shared/ingress";
import { type ProcessesOnOneLog, processesOnOneLog, rethrow } from "../support/processesOnOneLog";
import { postgresAvailable } from "../support/services";
import { until } from "../support/until";

const up = await postgresAvailable();

/**
 * TC16: three processes' live logs on one PostgreSQL schema, each with its own hot-entrance
 * watcher reading the same loads (as each process's lane holds the same counts through Redis),
 * notice Bobby Moore West running hot at the same moment: appended once, the other acks name
 * the same seq; cooled once likewise.
 */
describe.skipIf(!up)("TC16: an entrance running hot with three writers on one PostgreSQL log", () => {
  const watchers: HotEntranceWatcher[] = [];
  let load: GroupLoad = { rate: 150, queue: 300 };
  let world: ProcessesOnOneLog;
  let processes: Operations[];
  let opId: string;

  beforeAll(async () => {
    const groups = entranceGroups(loadVenues().get("wembley")!).filter((g) => g.id === "bobby-moore-west");
    world = await processesOnOneLog(3, {
      now: Date.now,
      each: (ops) =>
        watchers.push(
          new HotEntranceWatcher({ logs: () => ops.all(), groupsOf: () => groups, load: () => load, everyMs: 0, onError: rethrow }),
        ),
    });
    ({ processes, opId } = world);
  });

  afterAll(() => world?.close());

  const types = async () => (await world.storages[0]!.log.readAfter(opId, 0)).map((e) => e.type);

  it("TC16: raised once and cooled once however many processes notice it", async () => {
    const acks = (await Promise.all(watchers.map((w) => w.tick()))).flat();
    const fresh = acks.filter((a) => a.ok && !a.data.duplicate);
    expect(fresh).toHaveLength(1);
    for (const a of acks) if (a.ok) expect(a.data.seq).toBe(2);
    for (const [i, p] of processes.entries()) await until(() => p.get(opId)?.state.seq === 2, `process ${i + 1}: the warning`);
    for (const p of processes) expect(p.get(opId)?.state.warnings["entrance-hot:bobby-moore-west"]?.clearedAt).toBeNull();
    // Still hot on every look: nothing more.
    expect((await Promise.all(watchers.map((w) => w.tick()))).flat()).toEqual([]);

    load = { rate: 80, queue: 100 };
    const cooled = (await Promise.all(watchers.map((w) => w.tick()))).flat();
    expect(cooled.filter((a) => a.ok && !a.data.duplicate)).toHaveLength(1);
    expect(await types()).toEqual(["OperationOpened", "EntranceRunningHot", "EntranceCooled"]);
  });
});
