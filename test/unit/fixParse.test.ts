import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastFeedBatch, fastPositionReport } from "../../shared/fixParse";
import { FeedBatch, PositionReport } from "../../shared/protocol";

const SEED = Number(process.env.FC_SEED ?? 20231017);

/** Values at and around each field's edges, and the wrong types a phone or a feed might send. */
const edgy = (lo: number, hi: number) =>
  fc.oneof(
    fc.double({ min: lo, max: hi, noNaN: true }),
    fc.constantFrom(lo, hi, lo - 1e-9, hi + 1e-9, -0, 0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
    fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }),
    fc.constantFrom("12", null, undefined, true, [], {}),
  );
const id = fc.oneof(
  fc.string({ minLength: 1, maxLength: 64 }),
  fc.constantFrom("", "x".repeat(64), "x".repeat(65), "constructor", "__proto__"),
  fc.integer(),
);
const at = fc.oneof(
  fc.nat(),
  fc.constantFrom(-1, 0, -0, 1.5, 2 ** 53 - 1, 2 ** 53, Number.MAX_VALUE, Number.NaN, Number.POSITIVE_INFINITY, "1700000000000", null),
);
const fields = {
  unitId: id,
  lat: edgy(-90, 90),
  lng: edgy(-180, 180),
  at,
  heading: edgy(0, 360),
  speed: edgy(0, 100),
  accuracy: edgy(0, 10_000),
  extra: fc.jsonValue(),
};
/** Mostly with the four required keys present (so valid fixes are common), sometimes any subset. */
const fix = fc.oneof(
  { weight: 4, arbitrary: fc.record(fields, { requiredKeys: ["unitId", "lat", "lng", "at"] }) },
  { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) },
);
const fixes = fc.oneof(
  fc.array(fix, { minLength: 0, maxLength: 4 }),
  fc.constantFrom(null, {}, "fixes"),
  fc.constant(new Array(501).fill({ unitId: "u", lat: 0, lng: 0, at: 0 })),
);
const report = fc.oneof(
  { weight: 6, arbitrary: fc.record({ opId: id, fixes, note: fc.jsonValue() }, { requiredKeys: ["opId", "fixes"] }) },
  { weight: 1, arbitrary: fc.record({ opId: id, fixes }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.anything() },
);

const optionalIn = (max: number) => fc.option(fc.double({ min: 0, max, noNaN: true }), { nil: null });
const validFix = fc.record(
  {
    unitId: fc.string({ minLength: 1, maxLength: 64 }),
    lat: fc.double({ min: -90, max: 90, noNaN: true }),
    lng: fc.double({ min: -180, max: 180, noNaN: true }),
    at: fc.maxSafeNat(),
    heading: optionalIn(360),
    speed: optionalIn(100),
    accuracy: optionalIn(10_000),
    extra: fc.jsonValue(),
  },
  { requiredKeys: ["unitId", "lat", "lng", "at"] },
);
const validReport = fc.record({
  opId: fc.string({ minLength: 1, maxLength: 64 }),
  fixes: fc.array(validFix, { minLength: 1, maxLength: 5 }),
});

/** Either the same output as the schema, or null (the schema then decides): never a different answer. */
function agrees(fast: unknown, parsed: { success: boolean; data?: unknown }): void {
  if (fast === null) return;
  expect(parsed.success).toBe(true);
  expect(fast).toStrictEqual(parsed.data);
}

describe("position reports parsed without zod (issue 14)", () => {
  it("Z14: the fast parse of position:report and of a feed batch accepts only what the schema accepts, with the same output (seeded)", () => {
    console.log(`Z14 seed: ${SEED} (set FC_SEED to replay)`);
    fc.assert(
      fc.property(report, (r) => {
        agrees(fastPositionReport(r), PositionReport.safeParse(r));
        const batch = typeof r === "object" && r !== null && "fixes" in r ? { fixes: r.fixes } : r;
        const parsed = FeedBatch.safeParse(batch);
        agrees(fastFeedBatch(batch), parsed.success ? { success: true, data: parsed.data.fixes } : parsed);
      }),
      { numRuns: 2_000, seed: SEED },
    );
  });

  it("Z14: every report the schema accepts takes the fast path, with the schema's output, so the schema only words errors (seeded)", () => {
    fc.assert(
      fc.property(fc.oneof(validReport, report), (r) => {
        const parsed = PositionReport.safeParse(r);
        if (!parsed.success) return;
        expect(fastPositionReport(r)).toStrictEqual(parsed.data);
        expect(fastFeedBatch({ fixes: (r as { fixes: unknown }).fixes })).toStrictEqual(parsed.data.fixes);
      }),
      { numRuns: 3_000, seed: SEED },
    );
  });

  it("Z14: absent or undefined heading, speed and accuracy become null, unknown keys are dropped, and edges are the schema's", () => {
    const one = { unitId: "PSU 12A", lat: 51.556, lng: -0.2796, at: 1_700_000_000_000, heading: undefined, colour: "blue" };
    expect(fastPositionReport({ opId: "op-1", fixes: [one], extra: 1 })).toStrictEqual({
      opId: "op-1",
      fixes: [{ unitId: "PSU 12A", lat: 51.556, lng: -0.2796, at: 1_700_000_000_000, heading: null, speed: null, accuracy: null }],
    });
    const ok = (f: object) => fastPositionReport({ opId: "op-1", fixes: [{ unitId: "u", lat: 0, lng: 0, at: 0, ...f }] }) !== null;
    expect([ok({ lat: 90 }), ok({ lat: 90.000001 }), ok({ lng: -180 }), ok({ lng: -180.1 })]).toEqual([true, false, true, false]);
    expect([ok({ at: 2 ** 53 - 1 }), ok({ at: 2 ** 53 }), ok({ at: 1.5 }), ok({ at: -1 })]).toEqual([true, false, false, false]);
    expect([ok({ heading: 360 }), ok({ heading: 360.5 }), ok({ speed: null }), ok({ accuracy: Number.NaN })]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(fastPositionReport({ opId: "op-1", fixes: [] })).toBeNull();
    expect(fastPositionReport([{ opId: "op-1" }])).toBeNull();
    expect(fastFeedBatch({ fixes: Array.from({ length: 500 }, () => ({ unitId: "u", lat: 0, lng: 0, at: 0 })) })).toHaveLength(500);
    expect(fastFeedBatch({ fixes: Array.from({ length: 501 }, () => ({ unitId: "u", lat: 0, lng: 0, at: 0 })) })).toBeNull();
  });
});
