import type { ReplayMeta, TimeBasis } from "../../../../shared/replay";
import { clockTime } from "../../ui/time";
import { SPEEDS } from "./useReplay";

const GRADE_COLOURS: Record<string, string> = { I: "#d32f2f", S: "#f9a825", E: "#1976d2", R: "#757575" };

interface Props {
  meta: ReplayMeta;
  t: number;
  playing: boolean;
  speed: number;
  basis: TimeBasis;
  loading: boolean;
  onSeek(at: number): void;
  onPlay(playing: boolean): void;
  onSpeed(speed: (typeof SPEEDS)[number]): void;
  onBasis(basis: TimeBasis): void;
  onStep(kind: "event" | "incident", direction: 1 | -1): void;
  onIncident(incidentId: string, at: number): void;
}

/** The time scrubber: the whole operation, incident marks along it, and the transport controls. */
export function Scrubber(p: Props) {
  const span = Math.max(1, p.meta.endAt - p.meta.startAt);
  const pct = (at: number) => `${((at - p.meta.startAt) / span) * 100}%`;
  const jump = (value: string) => {
    const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
    if (!m) return;
    // The operation's day, in London: shift T by the difference of clock times.
    const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
    const [ch, cm, cs] = clockTime(p.t).split(":").map(Number) as [number, number, number];
    p.onSeek(p.t + ((h - ch) * 3600 + (mi - cm) * 60 + (s - cs)) * 1000);
  };
  return (
    <section className="scrubber" aria-label="Replay time">
      <div className="scrub-controls">
        <button type="button" className="btn btn-xs" title="Previous incident" onClick={() => p.onStep("incident", -1)}>
          « Incident
        </button>
        <button type="button" className="btn btn-xs" title="Previous event" onClick={() => p.onStep("event", -1)}>
          ◀ Event
        </button>
        <button type="button" className="btn btn-primary btn-xs play" onClick={() => p.onPlay(!p.playing)}>
          {p.playing ? "⏸ Pause" : "▶ Play"}
        </button>
        <button type="button" className="btn btn-xs" title="Next event" onClick={() => p.onStep("event", 1)}>
          Event ▶
        </button>
        <button type="button" className="btn btn-xs" title="Next incident" onClick={() => p.onStep("incident", 1)}>
          Incident »
        </button>
        <fieldset className="speeds" aria-label="Speed">
          {SPEEDS.map((s) => (
            <button
              key={s}
              type="button"
              className={`btn btn-xs${p.speed === s ? " btn-on" : ""}`}
              aria-pressed={p.speed === s}
              onClick={() => p.onSpeed(s)}
            >
              {s}×
            </button>
          ))}
        </fieldset>
        <label className="jump">
          Jump to
          <input
            aria-label="Jump to time"
            placeholder="HH:MM"
            size={8}
            onKeyDown={(e) => e.key === "Enter" && jump(e.currentTarget.value)}
          />
        </label>
        <label className="basis">
          <select aria-label="Time basis" value={p.basis} onChange={(e) => p.onBasis(e.target.value as TimeBasis)}>
            <option value="record">Record time (what control knew)</option>
            <option value="reporter">Reporter's own time</option>
          </select>
        </label>
        <output className={`scrub-clock mono${p.loading ? " loading" : ""}`} aria-label="Replay clock">
          {clockTime(p.t)}
        </output>
      </div>
      <div className="scrub-track">
        <input
          type="range"
          aria-label="Scrub"
          min={p.meta.startAt}
          max={p.meta.endAt}
          step={1000}
          value={p.t}
          onChange={(e) => p.onSeek(Number(e.target.value))}
        />
        <div className="scrub-marks" aria-hidden="true">
          {p.meta.incidents.map((m) => (
            <button
              key={m.incidentId}
              type="button"
              tabIndex={-1}
              className="scrub-mark"
              title={`${clockTime(m.at)} ${m.ref} ${m.type}`}
              style={{ left: pct(m.at), background: GRADE_COLOURS[m.grade ?? ""] ?? "#7b1fa2" }}
              onClick={() => p.onIncident(m.incidentId, m.at)}
            />
          ))}
        </div>
        <div className="scrub-ends mono small">
          <span>{clockTime(p.meta.startAt)}</span>
          <span>{clockTime(p.meta.endAt)}</span>
        </div>
      </div>
    </section>
  );
}
