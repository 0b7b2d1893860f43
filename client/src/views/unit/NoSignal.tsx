import { useFrozenAt } from "../../sync/linkStore";
import { Age } from "../../ui/Age";
import { shortTime } from "../../ui/time";
import type { UnitPicture } from "./unitCache";

/** Says plainly that the phone has no signal, how old what it shows is, and that taps are kept. */
export function NoSignal({
  picture,
  fromCache,
  now,
  connecting,
}: {
  picture: UnitPicture | null;
  fromCache: boolean;
  now: number;
  /** The first connection of this page, with the phone's network up: not yet "no signal". */
  connecting: boolean;
}) {
  const frozenAt = useFrozenAt();
  const asOf = fromCache ? (picture?.savedAt ?? null) : frozenAt;
  return (
    <p className="card no-signal" role="status">
      <strong>{connecting ? "Connecting…" : "No signal."}</strong>{" "}
      {asOf !== null ? (
        <>
          Showing what this phone knew at {shortTime(asOf)} (<Age from={asOf} now={now} /> ago).
        </>
      ) : picture ? (
        "Showing what this phone knew last."
      ) : (
        "Nothing kept on this phone yet."
      )}{" "}
      Statuses, notes and acknowledgements are kept and sent once when signal returns.
    </p>
  );
}
