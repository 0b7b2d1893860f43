import { describe, expect, it } from "vitest";
import { EXPORT_KINDS, ExportQuery, MARKING, StateQuery, TimeBasis, WindowQuery } from "../../shared/replay";

/** Query strings arrive as strings: every schema here parses what express hands it. */
const ok = <T>(r: { success: boolean; data?: T }) => {
  expect(r.success).toBe(true);
  return r.data as T;
};

describe("replay and export queries (shared/replay.ts)", () => {
  it("R11: the state query takes a whole time ≥ 0 from a query string, and record time unless the reporter's is asked for", () => {
    expect(ok(StateQuery.safeParse({ at: "1697563800000" }))).toEqual({ at: 1697563800000, basis: "record" });
    expect(ok(StateQuery.safeParse({ at: "0", basis: "reporter" }))).toEqual({ at: 0, basis: "reporter" });
    expect(ok(StateQuery.safeParse({ at: "5", basis: "record" }))).toEqual({ at: 5, basis: "record" });
    for (const bad of [{}, { at: "-1" }, { at: "1.5" }, { at: "soon" }, { at: "5", basis: "phone" }, { at: "5", basis: "" }]) {
      expect(StateQuery.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(TimeBasis.options).toEqual(["record", "reporter"]);
  });

  it("R11: a window is two whole times ≥ 0, with an optional whole step ≥ 1", () => {
    expect(ok(WindowQuery.safeParse({ from: "0", to: "60000" }))).toEqual({ from: 0, to: 60000 });
    expect(ok(WindowQuery.safeParse({ from: "10", to: "20", step: "1" }))).toEqual({ from: 10, to: 20, step: 1 });
    expect(ok(WindowQuery.safeParse({ from: "10", to: "20", step: "1000" }))).toEqual({ from: 10, to: 20, step: 1000 });
    for (const bad of [
      { to: "20" },
      { from: "10" },
      { from: "-1", to: "20" },
      { from: "10", to: "-1" },
      { from: "1.5", to: "20" },
      { from: "10", to: "2.5" },
      { from: "10", to: "20", step: "0" },
      { from: "10", to: "20", step: "-5" },
      { from: "10", to: "20", step: "2.5" },
      { from: "10", to: "20", step: "fast" },
    ]) {
      expect(WindowQuery.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("R11: an export needs a reason of 3–300 and a recipient of 2–200 characters, counted after trimming", () => {
    expect(ok(ExportQuery.safeParse({ reason: "  IOPC referral  ", recipient: " IOPC " }))).toEqual({
      reason: "IOPC referral",
      recipient: "IOPC",
    });
    const at = (reason: string, recipient: string) => ExportQuery.safeParse({ reason, recipient }).success;
    expect(at("abc", "CP")).toBe(true);
    expect(at("r".repeat(300), "p".repeat(200))).toBe(true);
    expect(at("ab", "CP")).toBe(false);
    expect(at("  ab  ", "CP")).toBe(false);
    expect(at("r".repeat(301), "CP")).toBe(false);
    expect(at(` ${"r".repeat(300)} `, "CP")).toBe(true);
    expect(at("abc", "C")).toBe(false);
    expect(at("abc", "  C  ")).toBe(false);
    expect(at("abc", "p".repeat(201))).toBe(false);
    expect(at("abc", ` ${"p".repeat(200)} `)).toBe(true);
    expect(ExportQuery.safeParse({ reason: "abc" }).success).toBe(false);
    expect(ExportQuery.safeParse({ recipient: "CP" }).success).toBe(false);
  });

  it("R11: there are exactly four exports, and they are marked OFFICIAL-SENSITIVE", () => {
    expect(EXPORT_KINDS).toEqual(["incidents.csv", "incidents.json", "events.ndjson", "report.html"]);
    expect(MARKING).toBe("OFFICIAL-SENSITIVE");
  });
});
