import { type ChangeEvent, useEffect, useMemo, useState } from "react";
import { toast } from "../../ui/toasts";
import { resizePhoto } from "./resizePhoto";
import "./PhotoPicker.css";

/** At most this many photos on one report (the server's limit, docs/protocol.md `report:submit`). */
export const MAX_PHOTOS = 4;

// A stable React key per photo (the same photo may be removed and another added at its place).
const ids = new WeakMap<Blob, number>();
let nextId = 0;
function idOf(photo: Blob): number {
  const known = ids.get(photo);
  if (known !== undefined) return known;
  nextId += 1;
  ids.set(photo, nextId);
  return nextId;
}

/**
 * "Add photo": the camera (or the gallery) and a row of small thumbnails, each removable before
 * Send. Photos are resized here, on the phone, as they are chosen; small in a row, so that Send
 * stays on screen at 360×640.
 */
export function PhotoPicker({ photos, onChange }: { photos: readonly Blob[]; onChange(photos: Blob[]): void }) {
  const [busy, setBusy] = useState(false);

  async function add(e: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(e.target.files ?? []).slice(0, MAX_PHOTOS - photos.length);
    e.target.value = "";
    if (files.length === 0) return;
    setBusy(true);
    try {
      const resized = await Promise.all(files.map(resizePhoto));
      onChange([...photos, ...resized]);
    } catch {
      toast("That file is not a photo this phone can read.", "warning", 8_000);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="photo-row">
      {photos.map((p, i) => (
        <Thumb key={idOf(p)} photo={p} n={i + 1} onRemove={() => onChange(photos.filter((_, j) => j !== i))} />
      ))}
      {photos.length < MAX_PHOTOS && (
        <label className={`photo-add${busy ? " photo-busy" : ""}`}>
          <input
            type="file"
            accept="image/*"
            capture="environment"
            className="visually-hidden"
            onChange={(e) => void add(e)}
            aria-label="Add photo"
          />
          {busy ? "Resizing…" : photos.length === 0 ? "+ Add photo" : "+ Photo"}
        </label>
      )}
    </div>
  );
}

function Thumb({ photo, n, onRemove }: { photo: Blob; n: number; onRemove(): void }) {
  const url = useMemo(() => URL.createObjectURL(photo), [photo]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <div className="photo-thumb">
      <img src={url} alt={`Taken for this report, number ${n}`} />
      <button type="button" className="photo-remove" onClick={onRemove} aria-label={`Remove photo ${n}`}>
        ×
      </button>
    </div>
  );
}
