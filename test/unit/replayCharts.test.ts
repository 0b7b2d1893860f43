import { describe, expect, it } from "vitest";
import { BUCKET_MS, incidentsPer5Min, responseTimes, unitsCommitted } from "../../client/src/views/replay/debrief";
import { actors, at, MemoryLog } from "../support/events";

describe("debrief figures (client/src/views/replay/debrief.ts)", () => {
  it("R7: incidents per 5 minutes, response times per grade and units committed come from the timelines", () => {
    const log = new MemoryLog();
    log.run(actors.control, "unit:register", { unitId: "psu-12a", callSign: "12A", kind: "serial", agency: "MPS", sector: "olympic-way" });
    log.run(actors.control, "incident:report", { type: "disorder", grade: "I", location: at.olympicWay, description: "Fight" });
    log.run(actors.control, "incident:report", { type: "medical", grade: "S", location: at.west, description: "Collapse" });
    log.run(actors.control, "incident:assign", { incidentId: "inc-1", unitId: "psu-12a" });
    log.run(actors.officer, "unit:status", { unitId: "psu-12a", status: "on-scene" }, "psu-12a");
    log.run(actors.control, "incident:close", { incidentId: "inc-1", result: "arrest" });
    const s = log.state;
    const start = log.events[0]!.at;
    const end = log.events[log.events.length - 1]!.at + BUCKET_MS;

    const per5 = incidentsPer5Min(s, start, end, "grade");
    expect(per5.reduce((n, r) => n + (r.I ?? 0) + (r.S ?? 0), 0)).toBe(2);
    const byType = incidentsPer5Min(s, start, end, "type");
    expect(byType.reduce((n, r) => n + (r.disorder ?? 0), 0)).toBe(1);

    const i = responseTimes(s).find((r) => r.grade === "I")!;
    // MemoryLog advances one second an event: reported, then assigned two events later, on scene one after.
    expect(i).toMatchObject({ n: 1, assignedMedian: 0, onSceneMedian: 0.1 });
    expect(responseTimes(s).find((r) => r.grade === "S")).toMatchObject({ n: 0 });

    const committed = unitsCommitted(s, start, end);
    expect(Math.max(...committed.map((c) => c.committed))).toBeLessThanOrEqual(1);
    expect(committed[committed.length - 1]?.committed).toBe(0);
  });
});
