import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Checkpoint, checkpointFile, readCheckpoints } from "../../server/audit/checkpoints";
import { parsePublicKey, Signer } from "../../server/audit/signing";
import { CHAIN_RULE, type EventLogHeader, eventLogLines } from "../../server/export/eventLog";
import { type FindingKind, type VerifyReport, verifyExport } from "../../server/export/verifyExport";
import { reportInWords } from "../../server/export/verifyWords";
import { canonicalJson, hashedText } from "../../shared/canonical";
import { MARKING } from "../../shared/replay";
import { expectOk, startServer, type TestServer } from "../support/harness";

/**
 * The tampered-export corpus (issue 13): one genuine export of a real server's log, its
 * checkpoints and public key, and every way an expert witness must see it was tampered with.
 */
describe("the verifier names every kind of tampering (issue 13)", () => {
  let server: TestServer;
  let opId: string;
  let genuine: string[];
  let checkpoints: ReturnType<typeof readCheckpoints>;
  let publicKey: ReturnType<typeof parsePublicKey>;

  beforeAll(async () => {
    server = await startServer();
    opId = await server.openOperation("England v Italy (evidence)");
    const control = await server.connect("controller");
    for (let i = 0; i < 5; i++) {
      expectOk(
        await control.send(opId, "unit:register", { unitId: `psu-${i}`, callSign: `${i}A`, kind: "serial", agency: "MPS", sector: null }),
      );
      expectOk(
        await control.send(opId, "incident:report", { type: "disorder", location: { lat: 51.56, lng: -0.28 }, description: `Fight ${i}` }),
      );
    }
    control.close();
    // The minute timer, run now: the head as it is (seq 11) is signed.
    expect(server.app.checkpoints.writeDue("interval")).toHaveLength(1);
    const log = server.app.ops.get(opId)!;
    const header: EventLogHeader = {
      kind: "cordon-event-log",
      marking: MARKING,
      opId,
      name: "England v Italy (evidence)",
      exportedAt: new Date().toISOString(),
      exportedBy: { userId: "u-analyst", name: "Mark Ellis (Debrief)", role: "analyst" },
      reason: "Court bundle",
      recipient: "CPS",
      headSeq: log.head.seq,
      headHash: log.head.hash,
      headAt: log.state.at,
      chain: CHAIN_RULE,
    };
    let text = "";
    for await (const part of eventLogLines(server.app.store, server.app.signer.signed(header))) text += part;
    genuine = text.trimEnd().split("\n");
    checkpoints = readCheckpoints(path.dirname(checkpointFile(path.join(server.dir, "checkpoints"), opId)));
    publicKey = parsePublicKey(server.app.signer.publicKeyPem);
  });
  afterAll(async () => server?.close());

  const verify = (lines: string[], opts: { withCheckpoints?: boolean; withKey?: boolean } = {}): VerifyReport =>
    verifyExport(lines, {
      ...(opts.withCheckpoints === false ? {} : { checkpoints }),
      ...(opts.withKey === false ? {} : { publicKey }),
    });
  /** Line n holds seq n; line 0 is the header. */
  const edit = (f: (copy: string[]) => void) => {
    const copy = [...genuine];
    f(copy);
    return copy;
  };
  const event = (line: string) => JSON.parse(line) as Record<string, unknown>;
  const reseal = (e: Record<string, unknown>, prevHash: string) => {
    const body: Record<string, unknown> = { ...e, prevHash };
    delete body.hash;
    const hash = createHash("sha256").update(hashedText(prevHash, body)).digest("hex");
    return { ...body, hash };
  };
  /** Rewrites seq `from` and re-chains everything after it, as a forger with no key would. */
  const rechain = (lines: string[], from: number) => {
    let prev = (event(lines[from - 1]!).hash as string | undefined) ?? "0".repeat(64);
    for (let i = from; i < lines.length; i++) {
      const e = reseal(event(lines[i]!), prev);
      lines[i] = canonicalJson(e);
      prev = e.hash;
    }
    return prev;
  };
  const kinds = (r: VerifyReport) => r.findings.map((f) => [f.kind, f.seq] as [FindingKind, number | null]);

  it("X1: the untampered export, its checkpoints and key verify, and every event is confirmed by a checkpoint", () => {
    const r = verify(genuine);
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.header?.signature).toBe("valid");
    expect(r.checkpoints.confirmedTo?.seq).toBe(11);
    const words = reportInWords("events.ndjson", r);
    expect(words).toContain("RESULT: OK");
    expect(words).toContain("Seq 1 to 11 are exactly the events the server had logged");
  });

  const cases: { name: string; tamper: () => string[]; expected: [FindingKind, number | null][]; opts?: { withCheckpoints?: boolean } }[] =
    [
      {
        name: "altered: an event's text edited",
        tamper: () => edit((c) => (c[5] = c[5]!.replace("Fight", "Scuffle"))),
        expected: [["altered", 5]],
      },
      { name: "removed: an event deleted", tamper: () => edit((c) => c.splice(5, 1)), expected: [["removed", 5]] },
      {
        name: "reordered: two events swapped",
        tamper: () => edit((c) => ([c[5], c[6]] = [c[6]!, c[5]!])),
        expected: [["reordered", 5]],
      },
      { name: "repeated: an event twice", tamper: () => edit((c) => c.splice(6, 0, c[5]!)), expected: [["repeated", 5]] },
      {
        name: "truncated: the last five events cut off",
        tamper: () => edit((c) => c.splice(7)),
        expected: [["truncated", 6]],
      },
      {
        name: "truncated, header deleted too: the checkpoint still says how long the log was",
        tamper: () => edit((c) => c.splice(7) && c.splice(0, 1)),
        expected: [
          ["header-missing", null],
          ["truncated", 6],
        ],
      },
      {
        name: "appended: a forged event chained onto the end",
        tamper: () =>
          edit((c) => {
            const last = event(c[11]!);
            c.push(
              canonicalJson(reseal({ ...last, seq: 12, id: "forged", payload: { ...(last.payload as object) } }, last.hash as string)),
            );
          }),
        expected: [
          ["appended", 12],
          ["forged", 12],
        ],
      },
      {
        name: "appended with the header deleted: stamped before the checkpoint but numbered past it",
        tamper: () =>
          edit((c) => {
            const last = event(c[11]!);
            c.push(canonicalJson(reseal({ ...last, seq: 12, id: "forged" }, last.hash as string)));
            c.splice(0, 1);
          }),
        expected: [
          ["header-missing", null],
          ["forged", 12],
        ],
      },
      {
        name: "re-chained forgery: one event edited and every hash after it recomputed",
        tamper: () =>
          edit((c) => {
            c[5] = c[5]!.replace("Fight", "Scuffle");
            rechain(c, 5);
          }),
        expected: [
          ["forged", 11],
          ["forged", 11],
        ],
      },
      {
        name: "re-chained forgery with the header's head hash rewritten to match",
        tamper: () =>
          edit((c) => {
            c[5] = c[5]!.replace("Fight", "Scuffle");
            const head = rechain(c, 5);
            c[0] = JSON.stringify({ ...event(c[0]!), headHash: head });
          }),
        expected: [
          ["header-edited", null],
          ["forged", 11],
        ],
      },
      {
        name: "header edited: the reason changed",
        tamper: () => edit((c) => (c[0] = JSON.stringify({ ...event(c[0]!), reason: "Routine audit" }))),
        expected: [["header-edited", null]],
      },
      {
        name: "header edited: the recipient deleted",
        tamper: () =>
          edit((c) => {
            const { recipient: _gone, ...rest } = event(c[0]!);
            c[0] = JSON.stringify(rest);
          }),
        expected: [
          ["header-edited", null],
          ["header-edited", null],
        ],
      },
      {
        name: "header re-signed with another key",
        tamper: () =>
          edit((c) => {
            const { signature: _s, ...rest } = event(c[0]!);
            c[0] = JSON.stringify(Signer.ephemeral().signed({ ...rest, exportedBy: { name: "Someone else", role: "analyst" } }));
          }),
        expected: [["header-edited", null]],
      },
      { name: "header missing", tamper: () => edit((c) => c.splice(0, 1)), expected: [["header-missing", null]] },
    ];

  for (const c of cases) {
    it(`X1: ${c.name}`, () => {
      const r = verify(c.tamper(), c.opts);
      expect(r.ok).toBe(false);
      expect(kinds(r)).toEqual(c.expected);
      expect(reportInWords("x.ndjson", r)).toContain("RESULT: FAILED");
    });
  }

  it("X1: a checkpoint edited or forged is named, and no longer confirms anything", () => {
    const forged = checkpoints.map((c) => ({ ...c, value: { ...(c.value as Checkpoint), seq: 10 } }));
    const r = verifyExport(genuine, { checkpoints: forged, publicKey });
    expect(kinds(r)).toEqual([["checkpoint-invalid", 10]]);
    expect(r.checkpoints.confirmedTo).toBeNull();
  });

  it("X1: without checkpoints or key the verifier says what it could not prove", () => {
    const r = verify(genuine, { withCheckpoints: false, withKey: false });
    expect(r.ok).toBe(true);
    const words = reportInWords("events.ndjson", r);
    expect(words).toContain("The header's signature was not checked");
    expect(words).toContain("No checkpoints were given");
  });

  it("X1: events past the last checkpoint are reported as not covered", async () => {
    const control = await server.connect("commander");
    expectOk(await control.send(opId, "decision:log", { decision: "Hold the west gates", rationale: "Crowd density" }));
    control.close();
    const log = server.app.ops.get(opId)!;
    let text = "";
    const header: Record<string, unknown> = { ...event(genuine[0]!), headSeq: log.head.seq, headHash: log.head.hash, headAt: log.state.at };
    delete header.signature;
    for await (const part of eventLogLines(server.app.store, server.app.signer.signed(header as unknown as EventLogHeader))) text += part;
    const r = verify(text.trimEnd().split("\n"));
    expect(r.ok).toBe(true);
    expect(r.checkpoints.confirmedTo?.seq).toBe(11);
    expect(reportInWords("later.ndjson", r)).toMatch(/Nothing after seq 11 \(.+\) is covered by a checkpoint: seq 12–12/);
  });

  it("X2: checkpoints are signed on the timer only when the head moved, and once more at close, in every sink", async () => {
    const lines = () =>
      fs
        .readFileSync(checkpointFile(path.join(server.dir, "checkpoints"), opId), "utf8")
        .trimEnd()
        .split("\n");
    const before = lines().length;
    expect(server.app.checkpoints.writeDue("interval")).toHaveLength(1); // seq 12 from the test above
    expect(server.app.checkpoints.writeDue("interval")).toHaveLength(0); // nothing moved
    expect(lines()).toHaveLength(before + 1);
    const last = JSON.parse(lines().at(-1)!) as Checkpoint;
    expect(last).toMatchObject({ kind: "cordon-checkpoint", opId, seq: 12, reason: "interval" });
    expect(
      verifyExport(genuine, { checkpoints: readCheckpoints(path.join(server.dir, "checkpoints")), publicKey }).checkpoints.valid,
    ).toHaveLength(2);
  });
});

describe("checkpoints on schedule and at close (issue 13)", () => {
  it("X2: the minute timer writes the moved head to the server's directory and the witness; close writes a final one", async () => {
    const witness = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "cordon-witness-"));
    const server = await startServer({ CHECKPOINT_EVERY_MS: 1000, CHECKPOINT_WITNESS_DIR: witness });
    try {
      const opId = await server.openOperation("Checkpoint schedule");
      const own = checkpointFile(path.join(server.dir, "checkpoints"), opId);
      const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").trimEnd().split("\n").filter(Boolean) : []);
      await expect.poll(() => read(own).length, { timeout: 10_000, message: "waiting for the timer's checkpoint" }).toBeGreaterThan(0);
      const control = await server.connect("commander");
      expectOk(await control.send(opId, "decision:log", { decision: "Open the gates", rationale: "Queue clear" }));
      control.close();
      await server.close();
      const written = read(own).map((l) => JSON.parse(l) as Checkpoint);
      expect(written.at(-1)).toMatchObject({ seq: 2, reason: "close" });
      expect(read(checkpointFile(witness, opId))).toEqual(read(own));
    } finally {
      fs.rmSync(witness, { recursive: true, force: true });
    }
  });
});
