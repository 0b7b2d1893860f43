import { describe, it } from "vitest";
import type { Actor, EventPayload } from "../../shared/events";
import { given, t } from "../support/decider";
import { opened, post, unitRegistered } from "../support/deciderEvents";
import { actors, at } from "../support/events";

/** Decider spec: partners' evidence (issue 12 item 8; shared/partnerEvidence.ts). */

const partner: Actor = { userId: "u-partner", role: "partner", name: "Boxpark Wembley (CCTV room)" };
const A = "a".repeat(64);
const B = "b".repeat(64);
const uploaded = new Map([
  [A, { takenAt: "2026-12-07T19:40:02" }],
  [B, { takenAt: null }],
]);
const boxpark = { id: post.boxpark.id, name: post.boxpark.name };
const evidence = {
  type: "disorder" as const,
  statement: "Camera 4: two men fighting outside the shop",
  placeId: post.boxpark.id,
  occurredAt: 1_765_136_400_000,
  reference: "BX-2231",
  submitter: "R. Okafor",
  files: [
    { sha256: A, name: "cam4-194002.jpg" },
    { sha256: B, name: "cam4-194010.png" },
  ],
};
const payload: EventPayload<"PartnerEvidenceSubmitted"> = {
  reportId: "rep-1",
  type: "disorder",
  location: post.boxpark.location,
  place: boxpark,
  sector: "olympic-way",
  statement: "Camera 4: two men fighting outside the shop",
  occurredAt: 1_765_136_400_000,
  reference: "BX-2231",
  organisation: "Boxpark Wembley (CCTV room)",
  submitter: "R. Okafor",
  files: [
    { sha256: A, name: "cam4-194002.jpg", takenAt: "2026-12-07T19:40:02" },
    { sha256: B, name: "cam4-194010.png", takenAt: null },
  ],
};

describe("T53: evidence:submit", () => {
  it("T53: a partner's evidence is placed at the named place, names its organisation, sender, reference and files, for control alone", () => {
    given(opened())
      .when("evidence:submit", evidence, { actor: partner, photos: uploaded })
      .thenEvent({ type: "PartnerEvidenceSubmitted", payload, scope: { sector: "olympic-way", stewards: [], units: [] } });
  });

  it("T53: a point instead of a place: the sector containing it, no place, no files", () => {
    given(opened(), unitRegistered("psu-12a", "12A"))
      .when(
        "evidence:submit",
        { statement: "Bus driver saw a flare", location: at.west, occurredAt: 5, submitter: "T. Ali" },
        { actor: partner },
      )
      .thenEvent({
        type: "PartnerEvidenceSubmitted",
        payload: {
          reportId: "rep-1",
          type: "other",
          location: at.west,
          place: null,
          sector: "stadium-west",
          statement: "Bus driver saw a flare",
          occurredAt: 5,
          reference: "",
          organisation: partner.name,
          submitter: "T. Ali",
          files: [],
        },
        scope: { sector: "stadium-west", stewards: [], units: [] },
      });
  });

  it("T53: refused: a file not uploaded yet (photo_pending), a place not in the plan (bad_request)", () => {
    given(opened())
      .when("evidence:submit", evidence, { actor: partner, photos: new Map([[A, { takenAt: null }]]) })
      .thenRejects(
        "photo_pending",
        "1 of the files has not been uploaded to this operation yet: upload it first, then send the evidence again.",
      );
    given(opened())
      .when("evidence:submit", { ...evidence, placeId: "nowhere", files: [] }, { actor: partner })
      .thenRejects("bad_request", 'No place "nowhere" in the Wembley Stadium plan.');
  });
});

describe("T54: PartnerEvidenceSubmitted", () => {
  it("T54: the evidence is a new report awaiting triage, its statement the text, its files the photos, with its provenance", () => {
    given(opened())
      .on({ type: "PartnerEvidenceSubmitted", payload, actor: partner, scope: { sector: "olympic-way", stewards: [], units: [] } })
      .thenState({
        reports: {
          "rep-1": {
            id: "rep-1",
            type: "disorder",
            status: "new",
            location: post.boxpark.location,
            post: boxpark,
            sector: "olympic-way",
            text: "Camera 4: two men fighting outside the shop",
            steward: partner,
            receivedAt: t(2),
            reporterTime: t(2),
            clockOffsetMs: null,
            photos: [
              { sha256: A, takenAt: "2026-12-07T19:40:02" },
              { sha256: B, takenAt: null },
            ],
            provenance: {
              organisation: "Boxpark Wembley (CCTV room)",
              submitter: "R. Okafor",
              reference: "BX-2231",
              occurredAt: 1_765_136_400_000,
              files: [
                { name: "cam4-194002.jpg", sha256: A },
                { name: "cam4-194010.png", sha256: B },
              ],
            },
            incidentId: null,
            incidentRef: null,
            resolution: null,
            updatedAt: t(2),
          },
        },
      });
  });

  it("T54: promoted like a steward's report: an incident reported by the partner", () => {
    const submitted = {
      type: "PartnerEvidenceSubmitted" as const,
      payload,
      actor: partner,
      scope: { sector: "olympic-way", stewards: [], units: [] },
    };
    given(opened(), submitted)
      .when("report:promote", { reportId: "rep-1", grade: "S" }, { actor: actors.control })
      .thenEvent({
        type: "StewardReportPromoted",
        payload: {
          reportId: "rep-1",
          incidentId: "inc-1",
          ref: "CAD 4101/17Oct",
          type: "disorder",
          grade: "S",
          location: post.boxpark.location,
          sector: "olympic-way",
          locationText: post.boxpark.name,
          description: "Camera 4: two men fighting outside the shop",
          reporterTime: t(2),
        },
        scope: { sector: "olympic-way", stewards: ["u-partner"], units: [] },
      });
  });
});
