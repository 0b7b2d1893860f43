import { describe, expect, it } from "vitest";
import { flatJson } from "../../server/operations/operationLog";

/** The recent log keeps events as flat JSON text (issue 14): the same text JSON.stringify gives, character for character. */
describe("flatJson", () => {
  it.each([
    ["plain", { seq: 1, type: "StewardReportSubmitted", payload: { text: "Crowd surge at the Bobby Moore steps" } }],
    ["non-Latin and emoji", { text: "Ärger am Tor — 群衆 🚨 café" }],
    // JSON.stringify escapes a lone surrogate, so the UTF-8 round trip cannot lose it.
    ["a lone surrogate", { text: "broken \ud800 pair \udc00 end" }],
    ["composed and decomposed forms kept apart", { nfc: "caf\u00e9", nfd: "cafe\u0301" }],
    ["control characters and quotes", { text: 'line\nbreak\t"quoted"\u0000' }],
  ])("%s", (_name, value) => {
    const text = flatJson(value);
    expect(text).toBe(JSON.stringify(value));
    expect(JSON.parse(text)).toEqual(value);
  });
});
