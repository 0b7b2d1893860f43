import { describe, expect, it } from "vitest";
import {
  commandBlock,
  initialLink,
  isFixStale,
  isFrozen,
  LINK_TIMING,
  type LinkObservation,
  type LinkState,
  linkBanner,
  nextLink,
  STALE_FIX_MS,
} from "../../client/src/sync/linkRules";

/** Server time runs an hour ahead of the device here, so the test tells the two clocks apart. */
const SKEW = 3_600_000;

/** Feeds observations one after the other; each is `[localMs, engine, seq, head]`. */
function run(steps: [number, LinkObservation["engine"], number, number][], from: LinkState = initialLink): LinkState[] {
  const out: LinkState[] = [];
  let link = from;
  for (const [localNow, engine, seq, head] of steps) {
    link = nextLink(link, { engine, seq, head, localNow, serverNow: localNow + SKEW });
    out.push(link);
  }
  return out;
}

const at = (states: LinkState[], i: number): LinkState => {
  const s = states[i];
  if (!s) throw new Error(`no state ${i}`);
  return s;
};

const hhmmss = (ms: number) => new Date(ms).toISOString().slice(11, 19);

describe("the board's link: live, frozen, catching up, back (client/src/sync/linkRules.ts)", () => {
  it("U10: the first load is 'connecting' (nothing frozen, no banner) until the first sync; then live", () => {
    const s = run([
      [0, "offline", 0, 0],
      [100, "syncing", 0, 40],
      [200, "live", 40, 40],
    ]);
    expect(s.slice(0, 2).map((l) => [l.phase, l.frozenAt, linkBanner(l, hhmmss)])).toEqual([
      ["connecting", null, null],
      ["connecting", null, null],
    ]);
    expect(at(s, 2).phase).toBe("live");
    expect(isFrozen(at(s, 2))).toBe(false);
  });

  it("U11: a drop freezes the board at once, at the server's time of the drop; reconnected, it is behind by head − seq and still frozen at that time", () => {
    const live = run([[0, "live", 10, 10]]);
    const s = run(
      [
        [1_000, "offline", 10, 10],
        [60_000, "offline", 10, 10],
        [61_000, "syncing", 10, 10],
        [61_500, "syncing", 10, 322],
      ],
      at(live, 0),
    );
    expect(at(s, 0)).toMatchObject({ phase: "offline", frozenAt: 1_000 + SKEW, fromSeq: 10 });
    expect(at(s, 1)).toBe(at(s, 0)); // nothing changed: the same object, the store does not notify
    // Refused for good after a drop (the server was updated): frozen, and no reconnect will help.
    expect(at(run([[70_000, "refused", 10, 10]], at(s, 0)), 0)).toMatchObject({ phase: "offline", stopped: true, frozenAt: 1_000 + SKEW });
    // Connected again but not yet synced: behind at once (no grace for a board already frozen).
    expect(at(s, 2)).toMatchObject({ phase: "behind", frozenAt: 1_000 + SKEW, behind: 0 });
    expect(at(s, 3)).toMatchObject({ phase: "behind", frozenAt: 1_000 + SKEW, behind: 312 });
  });

  it("U12: a live board a moment behind its head is live; behind past the grace it is frozen from when it fell behind", () => {
    const grace = LINK_TIMING.lagGraceMs;
    const s = run(
      [
        [0, "live", 10, 10],
        [500, "live", 10, 12],
        [500 + grace - 1, "live", 10, 12],
        [500 + grace, "live", 10, 12],
        [600 + grace, "syncing", 10, 12],
      ],
      initialLink,
    );
    expect(at(s, 1).phase).toBe("live");
    expect(at(s, 2).phase).toBe("live");
    expect(at(s, 3)).toMatchObject({ phase: "behind", behind: 2, frozenAt: 500 + SKEW });
    expect(at(s, 4)).toMatchObject({ phase: "behind", frozenAt: 500 + SKEW });
    // A resync that is answered within the grace (a gap repaired) never shows.
    const quick = run([
      [0, "live", 10, 10],
      [100, "syncing", 10, 11],
      [300, "live", 11, 11],
    ]);
    expect(quick.map((l) => l.phase)).toEqual(["live", "live", "live"]);
  });

  it("U13: back live counts the events folded in since the board froze, for backMs, then is live", () => {
    const back = LINK_TIMING.backMs;
    const s = run([
      [0, "live", 40, 40],
      [1_000, "offline", 40, 40],
      [9_000, "syncing", 40, 87],
      [9_200, "live", 87, 87],
      [9_200 + back - 1, "live", 87, 87],
      [9_200 + back, "live", 87, 87],
    ]);
    expect(at(s, 3)).toMatchObject({ phase: "back", caughtUp: 47, frozenAt: null });
    expect(linkBanner(at(s, 3), hhmmss)?.headline).toBe("Back live — 47 events caught up");
    expect(at(s, 4).phase).toBe("back");
    expect(at(s, 5).phase).toBe("live");
    expect(linkBanner(at(s, 5), hhmmss)).toBeNull();
    // Dropped again while saying "back": frozen again, counting from the new seq.
    const again = run([[9_500, "offline", 87, 87]], at(s, 3));
    expect(at(again, 0)).toMatchObject({ phase: "offline", fromSeq: 87, caughtUp: 0, backSince: null });
  });

  it("U18: a connected control board that has heard nothing from the server for silenceMs is offline, frozen from when it last heard; the next word brings it back", () => {
    const silence = LINK_TIMING.silenceMs;
    const look = (prev: LinkState, localNow: number, silentMs: number, engine: LinkObservation["engine"] = "live") =>
      nextLink(prev, { engine, seq: 20, head: 20, localNow, serverNow: localNow + SKEW, silentMs });
    const live = look(initialLink, 0, 0);
    expect(look(live, 10_000, silence - 1).phase).toBe("live");
    const quiet = look(live, 10_000, silence);
    expect(quiet).toMatchObject({ phase: "offline", frozenAt: 10_000 - silence + SKEW, fromSeq: 20 });
    expect(look(quiet, 11_000, 0)).toMatchObject({ phase: "back", caughtUp: 0 });
    // Silence means nothing while a hello is being answered (that is "behind", with its own rule).
    expect(look(live, 10_000, silence * 10, "syncing").phase).toBe("live");
  });

  it("U14: a position is stale when its fix is older than STALE_FIX_MS, and every position is while the board is frozen", () => {
    const now = 10_000_000;
    expect(isFixStale(now - STALE_FIX_MS, now, false)).toBe(false);
    expect(isFixStale(now - STALE_FIX_MS - 1, now, false)).toBe(true);
    expect(isFixStale(now, now, true)).toBe(true);
    expect(isFixStale(now + 5_000, now, false)).toBe(false); // a phone clock ahead is not stale
  });

  it("U15: control's commands are off (not queued) while connecting, offline or behind, and on when live or back; other roles are never gated here", () => {
    const phases: [LinkState["phase"], boolean][] = [
      ["connecting", true],
      ["offline", true],
      ["behind", true],
      ["back", false],
      ["live", false],
    ];
    for (const [phase, blocked] of phases) {
      const link: LinkState = { ...initialLink, phase };
      expect(commandBlock(link, true) !== null, phase).toBe(blocked);
      expect(commandBlock(link, false), phase).toBeNull();
    }
  });

  it("U16: the banner says plainly what the board is: lost with the frozen time, catching up with a count, back live with a count", () => {
    const frozenAt = Date.UTC(2023, 9, 17, 18, 42, 10);
    const base = { ...initialLink, frozenAt };
    expect(linkBanner({ ...base, phase: "offline" }, hhmmss)).toMatchObject({
      tone: "down",
      headline: "Connection lost — the board is frozen at 18:42:10. Reconnecting…",
    });
    expect(linkBanner({ ...base, phase: "offline", stopped: true }, hhmmss)?.headline).toBe(
      "Connection lost — the board is frozen at 18:42:10. Reload the page.",
    );
    expect(linkBanner({ ...base, phase: "behind", behind: 312 }, hhmmss)?.headline).toBe(
      "Catching up: 312 events behind — the board is frozen at 18:42:10.",
    );
    expect(linkBanner({ ...base, phase: "behind", behind: 0 }, hhmmss)?.headline).toBe("Catching up — the board is frozen at 18:42:10.");
    const back = { ...initialLink, phase: "back" as const };
    expect(linkBanner({ ...back, caughtUp: 1 }, hhmmss)?.headline).toBe("Back live — 1 event caught up");
    expect(linkBanner({ ...back, caughtUp: 0 }, hhmmss)?.headline).toBe("Back live — nothing missed");
    expect(linkBanner({ ...back, caughtUp: 1_204 }, hhmmss)?.headline).toBe("Back live — 1,204 events caught up");
    expect(linkBanner({ ...initialLink, phase: "live" }, hhmmss)).toBeNull();
  });
});
