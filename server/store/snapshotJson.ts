import { entriesOf } from "../../shared/collection";
import type { OperationState } from "../../shared/state";

/** How long one slice of the serialisation may hold the event loop (ms). */
const SLICE_MS = 4;
/** How many entities between looks at the clock. */
const CHECK_EVERY = 64;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `JSON.stringify(state)`, the same text, made a few milliseconds at a time (issue 14).
 *
 * Why: a stored snapshot of a stadium's operation (20,000 reports and more) took 150–250 ms to
 * stringify in one piece, and every report and position waiting behind it was that much later:
 * it set the board's p99. State is immutable (the fold returns a new state and collections are
 * persistent), so the state handed in cannot change while it is written out across turns of the
 * event loop, and the text is the state at its seq.
 *
 * Large members (the collections, the alert and decision lists) are written entity by entity,
 * yielding whenever a slice has run `sliceMs`; the rest in one `JSON.stringify` each.
 */
export async function snapshotJson(state: OperationState, sliceMs = SLICE_MS): Promise<string> {
  const parts: string[] = [];
  let sliceStart = performance.now();
  let sinceCheck = 0;
  /** Whether this slice has had its time; a look at the clock every CHECK_EVERY entities. */
  const sliceOver = () => {
    if (++sinceCheck < CHECK_EVERY) return false;
    sinceCheck = 0;
    return performance.now() - sliceStart >= sliceMs;
  };
  const yieldTurn = async () => {
    await nextTurn();
    sliceStart = performance.now();
  };
  let firstMember = true;
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined || typeof value === "function") continue;
    parts.push(`${firstMember ? "{" : ","}${JSON.stringify(key)}:`);
    firstMember = false;
    if (Array.isArray(value)) {
      parts.push("[");
      for (let i = 0; i < value.length; i++) {
        // As JSON.stringify: an undefined element is written as null.
        parts.push(`${i ? "," : ""}${JSON.stringify(value[i]) ?? "null"}`);
        if (sliceOver()) await yieldTurn();
      }
      parts.push("]");
    } else if (value !== null && typeof value === "object") {
      let first = true;
      parts.push("{");
      for (const [id, entity] of entriesOf(value as Readonly<Record<string, unknown>>)) {
        const text = JSON.stringify(entity);
        if (text === undefined) continue;
        parts.push(`${first ? "" : ","}${JSON.stringify(id)}:${text}`);
        first = false;
        if (sliceOver()) await yieldTurn();
      }
      parts.push("}");
    } else {
      parts.push(JSON.stringify(value));
    }
  }
  parts.push(firstMember ? "{}" : "}");
  return parts.join("");
}
