import "../../styles/photos.css";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { useShallow } from "zustand/react/shallow";
import type { PhotoRef } from "../../../../shared/events";
import { useBoard, useOperation } from "../../store/hooks";

/** Where the server serves a photo (docs/protocol.md): full size, or the ~320 px thumbnail. */
export const photoUrl = (opId: string, sha256: string, thumb: boolean) =>
  `/api/operations/${encodeURIComponent(opId)}/photos/${sha256}${thumb ? "?thumb=1" : ""}`;

/** "19:42:10 on the camera's clock": the capture time as the camera wrote it (not checked). */
function takenLabel(takenAt: string | null): string {
  if (!takenAt) return "no capture time";
  return `taken ${takenAt.slice(11, 19)} by the camera's clock`;
}

/**
 * A report's photos as thumbnails (issue 12 item 7); a click shows one full size. Each read is
 * access-logged by the server, so thumbnails load lazily, only when the card is on screen.
 */
export function PhotoStrip({ photos }: { photos: readonly PhotoRef[] }) {
  const opId = useOperation()?.id ?? null;
  const [open, setOpen] = useState<PhotoRef | null>(null);
  if (!opId || photos.length === 0) return null;
  return (
    <div className="photo-strip">
      {photos.map((p, k) => (
        <button key={p.sha256} type="button" className="photo-thumb" title={takenLabel(p.takenAt)} onClick={() => setOpen(p)}>
          <img
            src={photoUrl(opId, p.sha256, true)}
            alt={`Attachment ${k + 1} of ${photos.length}, ${takenLabel(p.takenAt)}`}
            loading="lazy"
          />
        </button>
      ))}
      {open && <PhotoViewer opId={opId} photo={open} onClose={() => setOpen(null)} />}
    </div>
  );
}

/**
 * One photo full size over the board; Escape, the button or a click outside closes it. In a
 * portal on <body>: the card sits in a virtualised (transformed, clipped) list, which would
 * otherwise hold a fixed overlay inside itself.
 */
function PhotoViewer({ opId, photo, onClose }: { opId: string; photo: PhotoRef; onClose: () => void }) {
  useEffect(
    function closeOnEscape() {
      const onKey = (e: KeyboardEvent) => {
        if (e.key === "Escape") onClose();
      };
      window.addEventListener("keydown", onKey);
      return () => window.removeEventListener("keydown", onKey);
    },
    [onClose],
  );
  return createPortal(
    <div className="photo-viewer" role="dialog" aria-modal="true" aria-label="Photo, full size" onClick={onClose}>
      <figure onClick={(e) => e.stopPropagation()}>
        <img src={photoUrl(opId, photo.sha256, false)} alt={`Attachment, full size, ${takenLabel(photo.takenAt)}`} />
        <figcaption>
          <span className="mono small">SHA-256 {photo.sha256.slice(0, 16)}…</span> · {takenLabel(photo.takenAt)}
          <button type="button" className="btn btn-xs" onClick={onClose}>
            Close
          </button>
        </figcaption>
      </figure>
    </div>,
    document.body,
  );
}

/** The photos of every steward report merged into (or promoted to) an incident, for its detail. */
export function IncidentPhotos({ reportIds }: { reportIds: readonly string[] }) {
  // useShallow: the selector builds a new array, equal item by item while nothing changed.
  const photos = useBoard(useShallow((b) => reportIds.flatMap((id) => b.state.reports[id]?.photos ?? [])));
  if (photos.length === 0) return null;
  return (
    <div className="detail-photos">
      <PhotoStrip photos={photos} />
    </div>
  );
}
