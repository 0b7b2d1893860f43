import { useFrozenAt } from "../sync/linkStore";
import { age, clockTime } from "./time";

/**
 * How long something has waited ("4 min"), for every age and waiting timer on a board. Pass the
 * `now` from `useNow`: while the board is frozen that stops at the moment it froze, and this
 * marks the age frozen (❄ and a style), because the board cannot know what happened since.
 */
export function Age({ from, now }: { from: number; now: number }) {
  const frozenAt = useFrozenAt();
  const text = age(from, now);
  if (frozenAt === null) return <>{text}</>;
  return (
    <span className="age-frozen" title={`Frozen at ${clockTime(frozenAt)}: the board is not live, so this may have changed since`}>
      <span aria-hidden="true">❄ </span>
      {text}
    </span>
  );
}
