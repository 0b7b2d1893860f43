import { useState } from "react";
import { postsBySector } from "../../venue/plan";

export interface GpsFix {
  lat: number;
  lng: number;
  accuracy: number;
}

export type PickedLocation = { mode: "post"; postId: string | null } | { mode: "gps"; fix: GpsFix | null };

const GROUPS = postsBySector();

/** Where: the steward's post (preselected) or the phone's GPS. */
export function LocationPicker({ value, onChange }: { value: PickedLocation; onChange(v: PickedLocation): void }) {
  const [gpsError, setGpsError] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  const [lastPost, setLastPost] = useState(value.mode === "post" ? value.postId : null);

  function locate() {
    if (!("geolocation" in navigator)) {
      setGpsError("This phone cannot give a GPS position. Choose a post instead.");
      return;
    }
    setLocating(true);
    setGpsError(null);
    onChange({ mode: "gps", fix: null });
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        onChange({ mode: "gps", fix: { lat: p.coords.latitude, lng: p.coords.longitude, accuracy: p.coords.accuracy } });
      },
      (err) => {
        setLocating(false);
        setGpsError(`No GPS position (${err.message || "permission denied"}). Choose a post instead.`);
        onChange({ mode: "post", postId: lastPost });
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 10_000 },
    );
  }

  return (
    <fieldset className="location">
      <legend>Where?</legend>
      <div className="loc-row">
        <button
          type="button"
          className={`loc-btn${value.mode === "gps" ? " loc-on" : ""}`}
          onClick={locate}
          aria-pressed={value.mode === "gps"}
        >
          {locating ? "Locating…" : value.mode === "gps" && value.fix ? `GPS ±${Math.round(value.fix.accuracy)} m` : "Use my GPS"}
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
