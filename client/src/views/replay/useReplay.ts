import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { CordonEvent } from "../../../../shared/events";
import type { ReplayMeta, TimeBasis } from "../../../../shared/replay";
import type { PositionTuple } from "../../../../shared/wire";
import type { User } from "../../api/session";
import { createBoardStore } from "../../store/boardStore";
import type { BoardConnection } from "../../sync/connection";
import { createServerClock } from "../../sync/serverClock";
import { toast } from "../../ui/toasts";
import { replayApi } from "./replayApi";

export const SPEEDS = [1, 10, 60, 600] as const;
const TICK_MS = 250;
/** How far ahead of T playback fetches, in operation time per real second of play. */
const LOOKAHEAD_S = 2;
/** The server serves at most 15 minutes a window; stay under it at any speed. */
const MAX_WINDOW_MS = 10 * 60_000;

/**
 * The replay's engine: a board store fed from the replay routes instead of a socket. Seeking
 * fetches the board at T (snapshot + tail on the server, the same fold); playing advances T at
 * 1x–600x and folds the windows of events and fixes it fetches ahead, latest fix wins.
 * The connection is read-only: nothing can be sent from a replay, and "now" is T, so ages and
 * status timers read as they did at T.
 */
export function useReplay(user: User, opId: string, meta: ReplayMeta) {
  const linked = momentFromUrl(meta);
  const tRef = useRef(linked.t);
  const [t, setT] = useState(linked.t);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(60);
  const [basis, setBasis] = useState<TimeBasis>(linked.basis);
  const [loading, setLoading] = useState(false);
  const fetchedTo = useRef(meta.startAt);
  const seekSerial = useRef(0);
  /** Fetched ahead of T, applied only as T reaches them: the board shows exactly T. */
  const ahead = useRef<{ events: CordonEvent[]; fixes: PositionTuple[] }>({ events: [], fixes: [] });

  const board = useMemo(() => {
    const store = createBoardStore({ user, opId });
    const clock = createServerClock(() => tRef.current);
    const connection: BoardConnection = {
      sendCommand: async () => ({ ok: false, error: { code: "forbidden", message: "A replay is read-only." } }),
      reportPositions: async () => ({ ok: false, error: { code: "forbidden", message: "A replay is read-only." } }),
      now: () => tRef.current,
      clock,
      close: () => undefined,
    };
    return { store, connection };
  }, [user, opId]);

  const seek = useCallback(
    async (at: number) => {
      const clamped = Math.min(meta.endAt, Math.max(meta.startAt, at));
      tRef.current = clamped;
      setT(clamped);
      const serial = ++seekSerial.current;
      setLoading(true);
      try {
        const r = await replayApi.state(opId, clamped, basis);
        if (serial !== seekSerial.current) return; // a later seek won
        board.store.getState().applySync({ mode: "reset", state: r.state, head: r.seq, positions: r.positions });
        fetchedTo.current = clamped;
        ahead.current = { events: [], fixes: [] };
        keepMomentInUrl(opId, clamped, basis);
      } finally {
        if (serial === seekSerial.current) setLoading(false);
      }
    },
    [opId, basis, meta.startAt, meta.endAt, board],
  );

  useEffect(
    function loadFirstMoment() {
      void seek(tRef.current);
    },
    [seek],
  );

  useEffect(
    function play() {
      if (!playing) return;
      let busy = false;
      const id = window.setInterval(async () => {
        const next = Math.min(meta.endAt, tRef.current + speed * TICK_MS);
        tRef.current = next;
        setT(next);
        if (next >= meta.endAt) setPlaying(false);
        if (basis === "reporter") {
          // By the reporter's clock a late report lands before events with lower seqs, so the
          // board at T is fetched whole (the server's fold), never patched from record-time windows.
          if (busy) return;
          busy = true;
          try {
            const r = await replayApi.state(opId, next, "reporter");
            if (tRef.current >= next)
              board.store.getState().applySync({ mode: "reset", state: r.state, head: r.seq, positions: r.positions });
          } catch (err) {
            setPlaying(false);
            toast(`Replay paused: ${(err as Error).message}`);
          } finally {
            busy = false;
          }
          return;
        }
        applyUpTo(next);
        if (busy || fetchedTo.current >= Math.min(meta.endAt, next + speed * 1000)) return;
        busy = true;
        try {
          const from = fetchedTo.current;
          const to = Math.min(meta.endAt, from + MAX_WINDOW_MS, Math.max(next, from) + speed * 1000 * LOOKAHEAD_S);
          const w = await replayApi.window(opId, from, to);
          ahead.current.events.push(...w.events);
          ahead.current.fixes.push(...w.fixes);
          fetchedTo.current = to;
          applyUpTo(tRef.current);
        } catch (err) {
          setPlaying(false);
          toast(`Replay paused: ${(err as Error).message}`);
        } finally {
          busy = false;
        }
      }, TICK_MS);
      function applyUpTo(at: number) {
        const s = board.store.getState();
        const { events, fixes } = ahead.current;
        let e = 0;
        while (e < events.length && events[e]!.at <= at) s.applyEvent(events[e++]!);
        let f = 0;
        while (f < fixes.length && fixes[f]![3] <= at) f++;
        if (f > 0) s.applyPositions(fixes.slice(0, f));
        ahead.current = { events: events.slice(e), fixes: fixes.slice(f) };
      }
      return () => {
        window.clearInterval(id);
        keepMomentInUrl(opId, tRef.current, basis);
      };
    },
    [playing, speed, basis, opId, meta.endAt, board],
  );

  const stepTo = useCallback(
    (times: number[], direction: 1 | -1) => {
      const now = tRef.current;
      const next = direction > 0 ? times.find((x) => x > now + 1) : [...times].reverse().find((x) => x < now - 1);
      if (next !== undefined) void seek(next);
    },
    [seek],
  );

  return { board, t, playing, setPlaying, speed, setSpeed, basis, setBasis, loading, seek, stepTo };
}

/** The moment a link names (`?t=` ms, `?basis=reporter`), clamped to the operation; else its start, by record time. */
function momentFromUrl(meta: ReplayMeta): { t: number; basis: TimeBasis } {
  const q = new URLSearchParams(window.location.search);
  const t = Number(q.get("t"));
  return {
    t: Number.isFinite(t) && q.get("t") !== null ? Math.min(meta.endAt, Math.max(meta.startAt, t)) : meta.startAt,
    basis: q.get("basis") === "reporter" ? "reporter" : "record",
  };
}

/** The address bar always names the operation and the moment on the board, so it can be shared. */
function keepMomentInUrl(opId: string, t: number, basis: TimeBasis): void {
  const q = new URLSearchParams({ op: opId, t: String(Math.round(t)) });
  if (basis === "reporter") q.set("basis", "reporter");
  window.history.replaceState(null, "", `/replay?${q}`);
}
