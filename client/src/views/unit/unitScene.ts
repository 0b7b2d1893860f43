import { useEffect, useState } from "react";
import type { UnitStatus } from "../../../../shared/domain";
import type { OutboxItem } from "../../outbox/useOutbox";
import { useNow } from "../../ui/time";
import type { UnitPicture } from "./unitCache";

/** What this phone holds unsent for the unit: the newest status tapped, and whether the job is acknowledged. */
export function unsentOf(items: readonly OutboxItem[], jobId: string | null): { status: UnitStatus | null; ack: boolean } {
  let status: UnitStatus | null = null;
  let newest = -1;
  let ack = false;
  for (const i of items) {
    if (i.state !== "pending") continue;
    if (i.command === "unit:status" && i.madeAt > newest) {
      newest = i.madeAt;
      status = (i.body as { status: UnitStatus }).status;
    }
    if (i.command === "incident:acknowledge" && jobId && (i.body as { incidentId: string }).incidentId === jobId) ack = true;
  }
  return { status, ack };
}

const TICK_MS = 30_000;

/**
 * The board's time now, for ages. A picture read back from the phone is aged by the phone's own
 * clock since it was kept (the board's clock may be the demo's scenario time, or unknown offline).
 */
export function useSceneNow(picture: UnitPicture | null, fromCache: boolean): number {
  const boardNow = useNow(TICK_MS);
  const [deviceNow, setDeviceNow] = useState(Date.now);
  useEffect(
    function tickWhileKept() {
      if (!fromCache) return;
      setDeviceNow(Date.now());
      const id = window.setInterval(() => setDeviceNow(Date.now()), TICK_MS);
      return () => window.clearInterval(id);
    },
    [fromCache],
  );
  if (!fromCache || !picture) return boardNow;
  return picture.savedAt + Math.max(0, deviceNow - picture.savedAtDevice);
}
