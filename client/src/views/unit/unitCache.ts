import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { Alert, Fix, Incident, Unit } from "../../../../shared/state";

/**
 * What an officer's phone knew when it last had the board (issue 12): their unit, the incident
 * it is on, the sector's open incidents, the alerts it was sent and the unit's last fix. Kept in IndexedDB so that a
 * reload with no signal shows the job in hand, with its age, instead of an empty sector.
 */
export interface UnitPicture {
  opId: string;
  opName: string;
  unit: Unit;
  /** The assignment first when there is one, then the sector's open incidents. */
  incidents: Incident[];
  position: Fix | null;
  /** The alerts the unit had been sent, so what the officer was told stays in front of them. Absent in pictures kept before. */
  alerts?: readonly Alert[];
  /** Server time of the picture (the board's clock), for "as of 19:42". */
  savedAt: number;
  /** The phone's own clock at the same moment, to age the picture while offline. */
  savedAtDevice: number;
}

interface UnitDb extends DBSchema {
  pictures: { key: string; value: UnitPicture & { key: string } };
}

let opened: Promise<IDBPDatabase<UnitDb>> | null = null;

function db(): Promise<IDBPDatabase<UnitDb>> {
  opened ??= openDB<UnitDb>("cordon-unit", 1, {
    upgrade(d) {
      d.createObjectStore("pictures", { keyPath: "key" });
    },
  });
  return opened;
}

/** One picture per person and operation: a phone handed over keeps the next officer's apart. */
const keyOf = (userId: string, opId: string) => `${userId} ${opId}`;

export async function savePicture(userId: string, picture: UnitPicture): Promise<void> {
  await (await db()).put("pictures", { ...picture, key: keyOf(userId, picture.opId) });
}

export async function loadPicture(userId: string, opId: string): Promise<UnitPicture | null> {
  const found = await (await db()).get("pictures", keyOf(userId, opId));
  if (!found) return null;
  const { key: _key, ...picture } = found;
  return picture;
}

/** Signing out leaves nothing of this officer's picture on the phone. */
export async function forgetPictures(userId: string): Promise<void> {
  const d = await db();
  const keys = await d.getAllKeys("pictures");
  await Promise.all(keys.filter((k) => k.startsWith(`${userId} `)).map((k) => d.delete("pictures", k)));
}
