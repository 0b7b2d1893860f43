import { useFrozenAt } from "../../sync/linkStore";
import { Age } from "../../ui/Age";
import { shortTime } from "../../ui/time";
import type { UnitPicture } from "./unitCache";

/** Says plainly that the phone has no signal, how old what it shows is, and that taps are kept. */
export function NoSignal({ picture, fromCache, now }: { picture: UnitPicture | null; fromCache: boolean; now: number }) {
  const frozenAt = useFrozenAt();
  const asOf = fromCache ? (picture?.savedAt ?? null) : frozenAt;
  return (
    <p className="card no-signal" role="status">
      <strong>No signal.</strong>{" "}
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
