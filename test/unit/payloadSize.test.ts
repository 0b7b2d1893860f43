import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exceedsJsonBytes } from "../../server/socket/payloadSize";

const SEED = Number(process.env.FC_SEED ?? 20231017);
const jsonBytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? "");

describe("the gate's size check without serialising (issue 14)", () => {
  it("Z4: says 'over' exactly when the message's JSON is over the limit, for any value and limit (seeded)", () => {
    console.log(`Z4 seed: ${SEED} (set FC_SEED to replay)`);
    const value = fc.oneof(fc.jsonValue(), fc.anything(), fc.string({ unit: "binary", maxLength: 400 }));
    fc.assert(
      fc.property(value, fc.nat({ max: 3_000 }), (v, max) => {
        expect(exceedsJsonBytes(v, max)).toBe(jsonBytes(v) > max);
      }),
      { numRuns: 2_000, seed: SEED },
    );
  });

  it("Z4: at the edge: a string of the limit's size is within it, one byte more is over; escapes and 4-byte characters count as JSON counts them", () => {
    const text = (n: number) => ({ body: { text: "y".repeat(n) } });
    const framing = jsonBytes(text(0));
    expect(exceedsJsonBytes(text(65_536 - framing), 65_536)).toBe(false);
    expect(exceedsJsonBytes(text(65_536 - framing + 1), 65_536)).toBe(true);
    const escaped = { text: "\u0001".repeat(10_000) };
    expect(jsonBytes(escaped)).toBe(60_011);
    expect(exceedsJsonBytes(escaped, 60_011)).toBe(false);
    expect(exceedsJsonBytes(escaped, 60_010)).toBe(true);
    const emoji = ["🚑".repeat(1_000)];
    expect(exceedsJsonBytes(emoji, jsonBytes(emoji))).toBe(false);
    expect(exceedsJsonBytes(emoji, jsonBytes(emoji) - 1)).toBe(true);
  });

  it("Z4: a binary attachment, a cycle and nesting past the walk's depth are measured as JSON would be (a cycle is over)", () => {
    const binary = { photo: Buffer.alloc(20_000, 7) };
    expect(exceedsJsonBytes(binary, 65_536)).toBe(jsonBytes(binary) > 65_536);
    expect(exceedsJsonBytes(binary, 10_000)).toBe(true);
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(exceedsJsonBytes(cycle, 65_536)).toBe(true);
    let deep: unknown = "x";
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(exceedsJsonBytes(deep, 65_536)).toBe(false);
    expect(exceedsJsonBytes(deep, 100)).toBe(true);
  });
});
