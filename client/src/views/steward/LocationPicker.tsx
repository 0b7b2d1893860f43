import { useEffect, useRef, useState } from "react";
import { postsBySector } from "../../venue/plan";
import { fixAgeText, isStale } from "./fixAge";

export interface GpsFix {
  lat: number;
  lng: number;
  accuracy: number;
  /** When the phone took it (its clock, ms). */
  at: number;
}

export type PickedLocation = { mode: "post"; postId: string | null } | { mode: "gps"; fix: GpsFix | null };

const GROUPS = postsBySector();

/** Re-renders every few seconds so the fix's age on the button is true. */
function useTick(ms: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}

/**
 * Where: the steward's post (preselected) or the phone's GPS, with the fix's accuracy and age. A
 * fix older than a minute is marked old and a new one asked for at once: it is never silently
 * reused for the next report.
 */
export function LocationPicker({ value, onChange }: { value: PickedLocation; onChange(v: PickedLocation): void }) {
  const [gpsError, setGpsError] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  const [lastPost, setLastPost] = useState(value.mode === "post" ? value.postId : null);
  const now = useTick(5_000);
  const fix = value.mode === "gps" ? value.fix : null;
  const stale = fix !== null && isStale(fix.at, now);

  function locate(keep: GpsFix | null) {
    if (!("geolocation" in navigator)) {
      setGpsError("This phone cannot give a GPS position. Choose a post instead.");
      return;
    }
    setLocating(true);
    setGpsError(null);
    // A refresh keeps the old fix on screen, marked old, until the new one comes.
    onChange({ mode: "gps", fix: keep });
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        onChange({ mode: "gps", fix: { lat: p.coords.latitude, lng: p.coords.longitude, accuracy: p.coords.accuracy, at: p.timestamp } });
      },
      (err) => {
        setLocating(false);
        setGpsError(`No GPS position (${err.message || "permission denied"}). Choose a post instead.`);
        if (!keep) onChange({ mode: "post", postId: lastPost });
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 10_000 },
    );
  }

  // The refresh reads the latest render's values; it runs when the fix turns old.
  const latest = useRef({ locate, fix, locating });
  latest.current = { locate, fix, locating };
  useEffect(
    function refreshAnOldFix() {
      const l = latest.current;
      if (stale && !l.locating) l.locate(l.fix);
    },
    [stale],
  );

  return (
    <fieldset className="location">
      <legend>Where?</legend>
      <div className="loc-row">
        <button
          type="button"
          className={`loc-btn${value.mode === "gps" ? " loc-on" : ""}${stale ? " loc-stale" : ""}`}
          onClick={() => locate(fix)}
          aria-pressed={value.mode === "gps"}
        >
          {gpsLabel(fix, locating, now)}
        </button>
        <select
          className={`loc-select${value.mode === "post" ? " loc-on" : ""}`}
          value={value.mode === "post" ? (value.postId ?? "") : ""}
          onChange={(e) => {
            const postId = e.target.value || null;
            setLastPost(postId);
            onChange({ mode: "post", postId });
          }}
          aria-label="Choose a post"
        >
          <option value="">{value.mode === "gps" ? "…or choose a post" : "Choose a post"}</option>
          {GROUPS.map((g) => (
            <optgroup key={g.sector} label={g.name}>
              {g.posts.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      {gpsError && <p className="m-error">{gpsError}</p>}
    </fieldset>
  );
}

function gpsLabel(fix: GpsFix | null, locating: boolean, now: number): string {
  if (!fix) return locating ? "Locating…" : "Use my GPS";
  const where = `GPS ±${Math.round(fix.accuracy)} m · ${fixAgeText(fix.at, now)}`;
  if (!isStale(fix.at, now)) return where;
  return locating ? `${where} — old, updating…` : `${where} — old, tap to update`;
}
