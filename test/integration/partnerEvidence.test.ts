import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CordonEvent, EventPayload } from "../../shared/events";
import { expectOk, startServer, type TestClient, type TestServer } from "../support/harness";
import { cameraJpeg, multipart, type Part, png } from "../support/photoUpload";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const OCCURRED = Date.parse("2026-12-07T19:40:00Z");

/** Partners' evidence over REST (issue 12 item 8): a real server, real multipart bodies, real images. */
describe("partners' evidence: token, files, statement → a report in control's triage", () => {
  let server: TestServer;
  let opId: string;
  let control: TestClient;
  let partnerId: string;
  let token: string;
  let tokenId: number;

  const files = () =>
    fs.existsSync(`${server.dbPath}.photos`) ? fs.readdirSync(`${server.dbPath}.photos`, { recursive: true }).length : 0;
  const send = async (auth: { bearer?: string; cookie?: string }, parts: Part[]) => {
    const { body, contentType } = multipart(parts);
    const headers: Record<string, string> = { "content-type": contentType };
    if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`;
    if (auth.cookie) headers.cookie = auth.cookie;
    const res = await fetch(`${server.url}/api/operations/${opId}/evidence`, { method: "POST", headers, body: new Uint8Array(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const fields = (key: string, extra: Record<string, string> = {}): Part[] =>
    Object.entries({
      key,
      type: "disorder",
      statement: "Camera 4: two men fighting outside the shop, one fell",
      placeId: "post-ow-boxpark",
      occurredAt: new Date(OCCURRED).toISOString(),
      reference: "BX-2231",
      submitter: "R. Okafor",
      ...extra,
    }).map(([name, body]) => ({ name, body }));

  beforeAll(async () => {
    server = await startServer();
    opId = await server.openOperation("Partner evidence test");
    control = await server.connect("controller");
    expectOk(await control.hello(opId, null));
    partnerId = (await server.app.accounts.byUsername("partner"))?.id ?? "";
    const made = await server.app.partnerTokens.create(partnerId, "Boxpark CCTV export");
    token = made.token;
    tokenId = made.row.id;
  });
  afterAll(async () => server?.close());

  it("H8: evidence sent with a partner's API token arrives in triage as a report with its provenance and the files' hashes", async () => {
    const still = await cameraJpeg(1920, 1080, "#404a5a");
    const second = await png(640, 480);
    const { status, json } = await send({ bearer: token }, [
      ...fields("bx-2231-send-1"),
      { name: "file", filename: "cam4-194002.jpg", contentType: "image/jpeg", body: still },
      { name: "file", filename: "cam4-194010.png", contentType: "image/png", body: second },
    ]);
    expect(status).toBe(201);
    const sent = json.files as { name: string; sha256: string; width: number }[];
    expect(sent.map((f) => [f.name, f.width])).toEqual([
      ["cam4-194002.jpg", 1600],
      ["cam4-194010.png", 640],
    ]);
    for (const f of sent) expect(sha(fs.readFileSync(path.join(`${server.dbPath}.photos`, opId, `${f.sha256}.jpg`)))).toBe(f.sha256);

    const e = (await control.waitFor((x) => x.seq === json.seq)) as Extract<CordonEvent, { type: "PartnerEvidenceSubmitted" }>;
    expect(e.type).toBe("PartnerEvidenceSubmitted");
    expect(e.actor).toEqual({ userId: partnerId, role: "partner", name: "Boxpark Wembley (CCTV room)" });
    expect(e.payload).toMatchObject({
      organisation: "Boxpark Wembley (CCTV room)",
      submitter: "R. Okafor",
      reference: "BX-2231",
      occurredAt: OCCURRED,
      place: { id: "post-ow-boxpark" },
      sector: "olympic-way",
      files: sent.map((f) => ({ name: f.name, sha256: f.sha256 })),
    } satisfies Partial<Record<keyof EventPayload<"PartnerEvidenceSubmitted">, unknown>>);
    const report = server.app.ops.get(opId)?.state.reports[e.payload.reportId];
    expect({ status: report?.status, text: report?.text, provenance: report?.provenance?.files }).toEqual({
      status: "new",
      text: "Camera 4: two men fighting outside the shop, one fell",
      provenance: sent.map((f) => ({ name: f.name, sha256: f.sha256 })),
    });

    // Sent again with the same key (the partner's system lost the answer): the same entry, nothing more.
    const before = { seq: server.app.ops.get(opId)?.state.seq, files: files() };
    const again = await send({ bearer: token }, [
      ...fields("bx-2231-send-1"),
      { name: "file", filename: "cam4-194002.jpg", body: still },
      { name: "file", filename: "cam4-194010.png", body: second },
    ]);
    expect({ status: again.status, seq: again.json.seq, duplicate: again.json.duplicate }).toEqual({
      status: 200,
      seq: json.seq,
      duplicate: true,
    });
    expect({ seq: server.app.ops.get(opId)?.state.seq, files: files() }).toEqual(before);

    // Promoted like a steward's report; control reads its photos.
    expectOk(await control.send(opId, "report:promote", { reportId: e.payload.reportId, grade: "S" }));
    const res = await fetch(`${server.url}/api/operations/${opId}/photos/${sent[0]?.sha256}`, {
      headers: { cookie: await server.signIn("controller") },
    });
    expect(res.status).toBe(200);
  });

  it("H9: a revoked token, an unknown token and a steward are refused, and nothing is stored or appended", async () => {
    const spare = await server.app.partnerTokens.create(partnerId, "to revoke");
    expect(await server.app.partnerTokens.revoke(partnerId, spare.row.id)).toBe(true);
    const before = { seq: server.app.ops.get(opId)?.state.seq, files: files() };
    const image = { name: "file", filename: "x.jpg", body: await cameraJpeg(800, 600, "#772222") };
    const revoked = await send({ bearer: spare.token }, [...fields("revoked-key-1"), image]);
    expect({ status: revoked.status, error: revoked.json.error }).toEqual({
      status: 401,
      error: { code: "unauthenticated", message: "That API token is not valid (unknown or revoked)." },
    });
    const unknown = await send({ bearer: `cpt_${"x".repeat(43)}` }, [...fields("unknown-key-1"), image]);
    expect(unknown.status).toBe(401);
    const steward = await send({ cookie: await server.signIn("steward") }, [...fields("steward-key-1"), image]);
    expect({ status: steward.status, code: (steward.json.error as { code: string }).code }).toEqual({ status: 403, code: "forbidden" });
    const noSubmitter = await send({ bearer: token }, [...fields("no-submitter-1", { submitter: "" }), image]);
    expect({ status: noSubmitter.status, message: (noSubmitter.json.error as { message: string }).message }).toEqual({
      status: 400,
      message: "submitter: Too small: expected string to have >=1 characters",
    });
    const text = await send({ bearer: token }, [...fields("text-file-1"), { name: "file", filename: "cctv.jpg", body: "not an image" }]);
    expect({ status: text.status, code: (text.json.error as { code: string }).code }).toEqual({ status: 415, code: "bad_photo" });
    expect({ seq: server.app.ops.get(opId)?.state.seq, files: files() }).toEqual(before);
    // The first token still works.
    expect((await server.app.partnerTokens.list(partnerId)).map((t) => [t.id, t.revokedAt === null])).toEqual([
      [tokenId, true],
      [spare.row.id, false],
    ]);
  });

  it("H14: an admin makes, lists and revokes a partner's token over /api/admin (logged, never the token); others and non-partners are refused", async () => {
    const admin = await server.signIn("admin");
    const call = (method: string, url: string, cookie = admin, body?: unknown) =>
      fetch(`${server.url}/api/admin/users/${url}`, {
        method,
        headers: { cookie, "content-type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));
    const made = await call("POST", `${partnerId}/tokens`, admin, { label: "Made on the admin page" });
    expect(made.status).toBe(201);
    const madeToken = String(made.json.token);
    const madeId = (made.json.row as { id: number }).id;
    expect(await server.app.partnerTokens.userOf(madeToken)).toBe(partnerId);
    const listed = await call("GET", `${partnerId}/tokens`);
    expect((listed.json.tokens as { id: number; label: string }[]).map((t) => t.label)).toContain("Made on the admin page");
    expect(JSON.stringify(listed.json)).not.toContain(madeToken);
    expect((await call("POST", `${partnerId}/tokens/${madeId}/revoke`)).status).toBe(200);
    expect(await server.app.partnerTokens.userOf(madeToken)).toBeNull();
    expect((await call("POST", `${partnerId}/tokens/${madeId}/revoke`)).status).toBe(404);
    expect((await call("POST", `${partnerId}/tokens`, await server.signIn("commander"), {})).status).toBe(403);
    const steward = (await server.app.accounts.byUsername("steward"))?.id ?? "";
    expect((await call("POST", `${steward}/tokens`, admin, {})).status).toBe(400);
    const log = server.app.storage.sqlite
      ?.prepare("SELECT action, detail FROM access_log WHERE action LIKE 'admin.token.%' ORDER BY id")
      .all() as {
      action: string;
      detail: string;
    }[];
    expect(log).toEqual([
      { action: "admin.token.create", detail: `token ${madeId}: Made on the admin page` },
      { action: "admin.token.revoke", detail: `token ${madeId}` },
    ]);
  });

  it("H10: the web form's way in: a partner's session sends the same evidence; it is in the event export with its hash", async () => {
    const cookie = await server.signIn("partner");
    const { status, json } = await send({ cookie }, [...fields("form-send-0001", { placeId: "", lat: "51.5586", lng: "-0.2796" })]);
    expect(status).toBe(201);
    const res = await fetch(`${server.url}/api/operations/${opId}/export/events.ndjson`, {
      method: "POST",
      headers: { cookie: await server.signIn("commander"), "content-type": "application/json" },
      body: JSON.stringify({ reason: "Partner evidence test", recipient: "CI" }),
    });
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const exported = lines.find((l) => l.seq === json.seq) as CordonEvent | undefined;
    const logged = (await server.app.store.readAfter(opId, Number(json.seq) - 1))[0];
    expect(exported?.type).toBe("PartnerEvidenceSubmitted");
    expect(exported?.hash).toBe(logged?.hash);
  });
});
