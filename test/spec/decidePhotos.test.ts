import { describe, it } from "vitest";
import { given, t } from "../support/decider";
import { opened, post, reportSubmitted, T_PHONE } from "../support/deciderEvents";
import { actors } from "../support/events";

/** Decider spec: photos on a steward's report (issue 12 item 7; shared/decide.ts, shared/evolve.ts). */

const A = "a".repeat(64);
const B = "b".repeat(64);
const uploaded = new Map([
  [A, { takenAt: "2026-12-07T19:42:10+00:00" }],
  [B, { takenAt: null }],
]);
const steward = { actor: actors.steward, photos: uploaded };
const boxpark = { id: post.boxpark.id, name: post.boxpark.name };
const stewardScope = { sector: "olympic-way", stewards: [actors.steward.userId], units: [] };
const withPhotos = (photos: string[]) => ({
  type: "disorder" as const,
  postId: post.boxpark.id,
  text: "Fight",
  reporterTime: T_PHONE,
  photos,
});

describe("T51: report:submit with photos", () => {
  it("T51: each uploaded photo named goes into the event with its capture time, in order, once", () => {
    given(opened())
      .when("report:submit", withPhotos([B, A, B]), steward)
      .thenEvent({
        type: "StewardReportSubmitted",
        payload: {
          reportId: "rep-1",
          type: "disorder",
          location: post.boxpark.location,
          post: boxpark,
          sector: "olympic-way",
          text: "Fight",
          reporterTime: T_PHONE,
          clockOffsetMs: null,
          photos: [
            { sha256: B, takenAt: null },
            { sha256: A, takenAt: "2026-12-07T19:42:10+00:00" },
          ],
        },
        scope: stewardScope,
      });
  });

  it("T51: a photo not uploaded to this operation yet is refused photo_pending", () => {
    given(opened())
      .when("report:submit", withPhotos([A, "c".repeat(64)]), steward)
      .thenRejects(
        "photo_pending",
        "A photo on this report has not reached the server yet (photo pending): upload it first, then send the report again.",
      );
  });

  it("T51: with no photo store told (no lookup made), every named photo is pending", () => {
    given(opened())
      .when("report:submit", withPhotos([A, B]), { actor: actors.steward })
      .thenRejects(
        "photo_pending",
        "2 photos on this report have not reached the server yet (photo pending): upload them first, then send the report again.",
      );
  });
});

describe("T52: StewardReportSubmitted with photos", () => {
  it("T52: the report keeps its photos' hashes and capture times", () => {
    const photos = [{ sha256: A, takenAt: "2026-12-07T19:42:10+00:00" }];
    given(opened())
      .on(reportSubmitted("rep-1", { photos }))
      .thenState({ reports: { "rep-1": { ...rep1, photos } } });
  });

  it("T52: a report logged before issue 12 (no photos field) has none", () => {
    const old = reportSubmitted("rep-1");
    const { photos: _dropped, ...payload } = old.payload as typeof old.payload & { photos: unknown };
    given(opened())
      .on({ ...old, payload } as typeof old)
      .thenState({ reports: { "rep-1": { ...rep1, photos: [] } } });
  });
});

/** What reportSubmitted("rep-1")'s defaults fold to at seq 2, less its photos. */
const rep1 = {
  id: "rep-1",
  type: "disorder" as const,
  status: "new" as const,
  location: post.boxpark.location,
  post: boxpark,
  sector: "olympic-way",
  text: "Fight",
  steward: actors.steward,
  receivedAt: t(2),
  reporterTime: T_PHONE,
  clockOffsetMs: null,
  incidentId: null,
  incidentRef: null,
  resolution: null,
  updatedAt: t(2),
};
