import { describe, expect, it } from "vitest";
import { entranceNotices, loadOf } from "../../server/ingress/hotEntrances";
import { type SystemCommand, SystemCommandBodies, type SystemCommandName } from "../../shared/commands";
import { entranceGroups } from "../../shared/entrances";
import { ErrorCode } from "../../shared/errors";
import { type Actor, type EventPayload, SYSTEM_ACTOR } from "../../shared/events";
import { ratePerMinute } from "../../shared/ingress";
import { type Draft, fold, given, t } from "../support/decider";
import { opened } from "../support/deciderEvents";
import { actors, venue } from "../support/events";

/**
 * Decider spec: an entrance running hot (issue 11 item 7; shared/entranceRules.ts). The two
 * commands only the server sends, their fold into `state.warnings`, and the watcher's pure rule
 * with its hysteresis and deterministic keys (server/ingress/hotEntrances.ts).
 */

const bmScope = { sector: "stadium-north", stewards: [], units: [] };
const hotBody = { groupId: "bobby-moore-west", reason: "rate" as const, ratePerMinute: 131, queue: null };
const hotPayload: EventPayload<"EntranceRunningHot"> = {
  ...hotBody,
  name: "Bobby Moore West",
  entranceId: "entrance-bobby-moore",
  sector: "stadium-north",
  perMinute: 140,
};
const hot = (p: Partial<EventPayload<"EntranceRunningHot">> = {}): Draft => ({
  type: "EntranceRunningHot",
  payload: { ...hotPayload, ...p },
  scope: bmScope,
  actor: SYSTEM_ACTOR,
});
const cooled = (): Draft => ({
  type: "EntranceCooled",
  payload: { groupId: "bobby-moore-west", name: "Bobby Moore West", ratePerMinute: 90, queue: null },
  scope: bmScope,
  actor: SYSTEM_ACTOR,
});

function send<N extends SystemCommandName>(name: N, body: unknown, by: Actor = SYSTEM_ACTOR) {
  const command = { name, body: SystemCommandBodies[name].parse(body) } as SystemCommand;
  return (...drafts: Draft[]) => given(...drafts).decideRaw(command, { actor: by });
}

describe("TC3: entrance:hot (sent by the server only)", () => {
  it("TC3: given an open operation, when the server says Bobby Moore West runs hot, then EntranceRunningHot names the group, its entrance, sector and throughput, scoped to the sector", () => {
    send("entrance:hot", hotBody)(opened()).thenEvent({ type: "EntranceRunningHot", payload: hotPayload, scope: bmScope });
  });

  it("TC3: refused from a person, control and Silver included (forbidden)", () => {
    for (const by of [actors.control, actors.silver, actors.officer]) {
      send("entrance:hot", hotBody, by)(opened()).thenRejects(ErrorCode.Forbidden, "Only the server warns of an entrance running hot.");
    }
  });

  it("TC3: an unknown group is refused not_found (constructor too)", () => {
    for (const groupId of ["gate-99", "constructor"]) {
      send("entrance:hot", { ...hotBody, groupId })(opened()).thenRejects(ErrorCode.NotFound, `No entrance group ${groupId} in the plan.`);
    }
  });

  it("TC3: given it is already running hot, a second raise (another process's) is refused conflict", () => {
    send("entrance:hot", hotBody)(opened(), hot()).thenRejects(ErrorCode.Conflict, "Bobby Moore West is already marked running hot.");
  });
});

describe("TC4: entrance:cooled (sent by the server only)", () => {
  it("TC4: given it runs hot, when the server says it cooled, then EntranceCooled", () => {
    send("entrance:cooled", { groupId: "bobby-moore-west", ratePerMinute: 90, queue: null })(opened(), hot()).thenEvent({
      type: "EntranceCooled",
      payload: { groupId: "bobby-moore-west", name: "Bobby Moore West", ratePerMinute: 90, queue: null },
      scope: bmScope,
    });
  });

  it("TC4: nothing open to clear is refused conflict; a person is refused forbidden", () => {
    const body = { groupId: "bobby-moore-west", ratePerMinute: 90, queue: null };
    send("entrance:cooled", body)(opened()).thenRejects(ErrorCode.Conflict, "Bobby Moore West is not marked running hot.");
    send(
      "entrance:cooled",
      body,
      actors.control,
    )(opened(), hot()).thenRejects(ErrorCode.Forbidden, "Only the server warns of an entrance running hot.");
  });
});

describe("TC5: the fold into state.warnings", () => {
  it("TC5: EntranceRunningHot raises an entrance-hot warning for the group in its entrance's sector; EntranceCooled clears it; a second raise keeps the first as history", () => {
    const raised = given(opened()).on(hot()).after;
    expect(raised.warnings["entrance-hot:bobby-moore-west"]).toEqual({
      id: "entrance-hot:bobby-moore-west",
      kind: "entrance-hot",
      sector: "stadium-north",
      subject: "bobby-moore-west",
      text: "Bobby Moore West running hot: 131 a minute (throughput 140)",
      raisedAt: t(2),
      raisedSeq: 2,
      clearedAt: null,
    });
    const back = given(opened(), hot()).on(cooled()).after;
    expect(back.warnings["entrance-hot:bobby-moore-west"]?.clearedAt).toBe(t(3));
    const again = given(opened(), hot(), cooled()).on(hot({ reason: "queue", ratePerMinute: null, queue: 1500 })).after;
    expect(Object.keys(again.warnings).sort()).toEqual(["entrance-hot:bobby-moore-west", "entrance-hot:bobby-moore-west@2"]);
    expect(again.warnings["entrance-hot:bobby-moore-west"]?.text).toBe("Bobby Moore West running hot: queue of 1,500 (11 min)");
  });
});

describe("TC6: the watcher's rule: hysteresis and one key per crossing", () => {
  const groups = entranceGroups(venue).filter((g) => g.id === "bobby-moore-west");
  const at =
    (rate: number | null, queue: number | null = null) =>
    () => ({ rate, queue });

  it("TC6: hot at 90 % of throughput (126 of 140 a minute) or a queue of 10 minutes; nothing below", () => {
    expect(entranceNotices(fold([opened()]), groups, at(125))).toEqual([]);
    expect(entranceNotices(fold([opened()]), groups, at(126))).toEqual([
      {
        command: { name: "entrance:hot", body: { groupId: "bobby-moore-west", reason: "rate", ratePerMinute: 126, queue: null } },
        key: "system:entrance-hot:bobby-moore-west:0",
      },
    ]);
    expect(entranceNotices(fold([opened()]), groups, at(40, 1400))[0]?.command.body).toMatchObject({ reason: "queue", queue: 1400 });
  });

  it("TC6: once hot, it stays hot between the lines (no flapping) and cools below 75 % and a 5-minute queue, keyed by the raise it clears", () => {
    const state = fold([opened(), hot()]);
    expect(entranceNotices(state, groups, at(110))).toEqual([]);
    expect(entranceNotices(state, groups, at(100, 800))).toEqual([]);
    expect(entranceNotices(state, groups, at(100, 600))).toEqual([
      {
        command: { name: "entrance:cooled", body: { groupId: "bobby-moore-west", ratePerMinute: 100, queue: 600 } },
        key: "system:entrance-cooled:bobby-moore-west:2",
      },
    ]);
    // Hot again after cooling: a new key, named after the raise before it.
    expect(entranceNotices(fold([opened(), hot(), cooled()]), groups, at(130))[0]?.key).toBe("system:entrance-hot:bobby-moore-west:2");
  });

  it("TC6: the rate is people a minute over the last five minutes of one source's cumulative counts", () => {
    const r = (at: number, count: number, source: "feed" | "steward" = "feed") => ({
      groupId: "g",
      at,
      count,
      queue: null,
      source,
      by: null,
    });
    expect(ratePerMinute([r(0, 100), r(60_000, 200), r(120_000, 400)], 120_000)).toBe(150);
    expect(ratePerMinute([r(0, 100)], 0)).toBeNull();
    // Readings older than the window are left out.
    expect(ratePerMinute([r(0, 0), r(400_000, 1000), r(460_000, 1100)], 460_000)).toBe(100);
    expect(loadOf([r(0, 100), r(60_000, 220), r(61_000, 150, "steward")], undefined, 61_000).rate).toBeNull();
  });
});
