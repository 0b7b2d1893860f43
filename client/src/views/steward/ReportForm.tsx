import { type FormEvent, useState } from "react";
import { INCIDENT_TYPE_LABELS, INCIDENT_TYPES, type IncidentType } from "../../../../shared/domain";
import type { LatLng } from "../../../../shared/events";
import type { OutboxItem } from "../../outbox/useOutbox";
import { postById } from "../../venue/plan";
import { fixAgeText, isStale } from "./fixAge";
import { LocationPicker, type PickedLocation } from "./LocationPicker";
import { PhotoPicker } from "./PhotoPicker";
import { QUICK_TYPES } from "./reportTypes";
import { SendBar } from "./SendBar";

export interface ReportDraft {
  type: IncidentType;
  location: LatLng | null;
  postId: string | null;
  text: string;
  /** A short description of where, for the sending list. */
  where: string;
  /** Photos resized on the phone (JPEG, ≤ 1600 px), in the order taken. */
  photos: Blob[];
}

const QUICK = new Set<IncidentType>(QUICK_TYPES.map((q) => q.type));
const MORE_TYPES = INCIDENT_TYPES.filter((t) => !QUICK.has(t));

export interface SendState {
  /** The newest report made on this phone, for the line above Send. */
  latest: OutboxItem | null;
  live: boolean;
  backgroundSync: boolean;
}

/** Type (big buttons), where (GPS or a post), optional words, Send. Built for a thumb in a crowd. */
export function ReportForm({
  defaultPostId,
  onSubmit,
  sendState,
}: {
  defaultPostId: string | null;
  onSubmit(d: ReportDraft): void;
  sendState: SendState;
}) {
  const [type, setType] = useState<IncidentType | null>(null);
  const [place, setPlace] = useState<PickedLocation>(() =>
    postById(defaultPostId) ? { mode: "post", postId: defaultPostId } : { mode: "post", postId: null },
  );
  const [text, setText] = useState("");
  const [photos, setPhotos] = useState<Blob[]>([]);
  const ready = type !== null && (place.mode === "gps" ? place.fix !== null : place.postId !== null);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!type || !ready) return;
    const gps = place.mode === "gps" ? place.fix : null;
    const postId = place.mode === "post" ? place.postId : null;
    onSubmit({
      type,
      location: gps ? { lat: gps.lat, lng: gps.lng } : null,
      postId,
      text: text.trim(),
      where: gps ? gpsWhere(gps) : (postById(postId)?.name ?? "post"),
      photos,
    });
    setType(null);
    setText("");
    setPhotos([]);
  }

  return (
    <form className="report-form card" onSubmit={submit} aria-label="Report an incident">
      <h2 className="m-title">Report an incident</h2>
      <fieldset className="type-grid">
        <legend className="visually-hidden">What is happening?</legend>
        {QUICK_TYPES.map((q) => (
          <button
            key={q.type}
            type="button"
            className={`type-btn${type === q.type ? " type-on" : ""}`}
            aria-pressed={type === q.type}
            onClick={() => setType(q.type)}
          >
            {q.label}
          </button>
        ))}
      </fieldset>
      <select
        className="more-types"
        value={type && !QUICK.has(type) ? type : ""}
        onChange={(e) => e.target.value && setType(e.target.value as IncidentType)}
        aria-label="Other incident types"
      >
        <option value="">More types…</option>
        {MORE_TYPES.map((t) => (
          <option key={t} value={t}>
            {INCIDENT_TYPE_LABELS[t]}
          </option>
        ))}
      </select>

      <LocationPicker value={place} onChange={setPlace} />

      <textarea
        className="m-text"
        rows={2}
        maxLength={500}
        placeholder="What can you see? (optional)"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label="Details"
      />
      <PhotoPicker photos={photos} onChange={setPhotos} />
      <SendBar
        label={type ? `Send: ${shortLabel(type)}` : "Choose what is happening"}
        where={type && ready ? placeText(place) : null}
        disabled={!ready}
        {...sendState}
      />
    </form>
  );
}

/** The big button's own words where there is one: "Crowd surge" fits a 360 px button on one line. */
function shortLabel(type: IncidentType): string {
  return QUICK_TYPES.find((q) => q.type === type)?.label ?? INCIDENT_TYPE_LABELS[type];
}

/** The chosen place in a few words, for the Send button. */
function placeText(place: PickedLocation): string | null {
  if (place.mode === "post") return postById(place.postId)?.name ?? null;
  return place.fix ? gpsWhere(place.fix) : null;
}

/** A fix older than a minute goes with its age, so control does not take it for where they are now. */
function gpsWhere(fix: { accuracy: number; at: number }): string {
  const now = Date.now();
  const where = `GPS ±${Math.round(fix.accuracy)} m`;
  return isStale(fix.at, now) ? `${where} (fix ${fixAgeText(fix.at, now)})` : where;
}
