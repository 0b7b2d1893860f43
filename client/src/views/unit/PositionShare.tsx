import { useEffect, useRef, useState } from "react";
import { useBoardContext } from "../../store/BoardContext";
import { clockTime } from "../../ui/time";

/** Positions are a latest-wins stream: at most one report every 5 s, always the newest fix. */
const MIN_INTERVAL_MS = 5_000;

interface ShareState {
  lastSentAt: number | null;
  accuracy: number | null;
  error: string | null;
}

/** "Share my position": watches the phone's GPS and reports it as this unit's position. */
export function PositionShare({ unitId }: { unitId: string }) {
  const { connection } = useBoardContext();
  const [on, setOn] = useState(false);
  const [info, setInfo] = useState<ShareState>({ lastSentAt: null, accuracy: null, error: null });
  const latest = useRef<GeolocationPosition | null>(null);

  useEffect(
    function sharePosition() {
      if (!on) return;
      if (!("geolocation" in navigator)) {
        setInfo((s) => ({ ...s, error: "This device cannot give a GPS position." }));
        return;
      }
      let lastSent = 0;
      let timer: number | undefined;
      const sendLatest = () => {
        timer = undefined;
        const p = latest.current;
        if (!p) return;
        lastSent = Date.now();
        const c = p.coords;
        const fix = {
          unitId,
          lat: c.latitude,
          lng: c.longitude,
          // The fix's age, carried over to the server's clock (record times are the server's).
          at: Math.round(connection.now() - Math.max(0, Date.now() - p.timestamp)),
          heading: c.heading !== null && Number.isFinite(c.heading) ? c.heading : null,
          speed: c.speed !== null && Number.isFinite(c.speed) ? Math.min(c.speed, 100) : null,
          accuracy: Math.min(c.accuracy, 10_000),
        };
        void connection
          .reportPositions([fix])
          .then((ack) =>
            setInfo({ lastSentAt: ack.ok ? connection.now() : null, accuracy: c.accuracy, error: ack.ok ? null : ack.error.message }),
          );
      };
      const watch = navigator.geolocation.watchPosition(
        (p) => {
          latest.current = p;
          const wait = lastSent + MIN_INTERVAL_MS - Date.now();
          if (wait <= 0) sendLatest();
          else timer ??= window.setTimeout(sendLatest, wait);
        },
        (err) => setInfo((s) => ({ ...s, error: `GPS: ${err.message || "unavailable"}` })),
        { enableHighAccuracy: true, maximumAge: 5_000, timeout: 30_000 },
      );
      return () => {
        navigator.geolocation.clearWatch(watch);
        window.clearTimeout(timer);
      };
    },
    [on, unitId, connection],
  );

  return (
    <section className="card share" aria-label="Share my position">
      <label className="toggle">
        <input type="checkbox" role="switch" aria-checked={on} checked={on} onChange={(e) => setOn(e.target.checked)} />
        <span className="toggle-track" aria-hidden="true" />
        <span className="toggle-label">Share my position</span>
      </label>
      <p className="muted small">
        {!on
          ? "Off — control sees your last reported position only."
          : info.error
            ? info.error
            : info.lastSentAt
              ? `Sent at ${clockTime(info.lastSentAt)}${info.accuracy !== null ? ` (±${Math.round(info.accuracy)} m)` : ""}`
              : "Waiting for GPS…"}
      </p>
    </section>
  );
}
