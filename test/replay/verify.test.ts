import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyExport } from "../../server/export/verifyExport";
import { canonicalJson } from "../../shared/canonical";
import { expectOk, startServer, type TestServer } from "../support/harness";

const ROOT = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

describe("an exported event log verifies, and tampering is caught (issue 3)", () => {
  let server: TestServer;
  let lines: string[];
  let head: string;

  beforeAll(async () => {
    server = await startServer();
    const opId = await server.openOperation("England v Italy (evidence)");
    const control = await server.connect("controller");
    for (let i = 0; i < 6; i++) {
      expectOk(
        await control.send(opId, "unit:register", { unitId: `psu-${i}`, callSign: `${i}A`, kind: "serial", agency: "MPS", sector: null }),
      );
      expectOk(
        await control.send(opId, "incident:report", { type: "disorder", location: { lat: 51.56, lng: -0.28 }, description: `Fight ${i}` }),
      );
    }
    const cookie = await server.signIn("analyst");
    // Exports are POSTs (issue 8): they write to the access log.
    const res = await fetch(`${server.url}/api/operations/${opId}/export/events.ndjson`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ reason: "Court bundle", recipient: "CPS" }),
    });
    expect(res.status).toBe(200);
    lines = (await res.text()).trimEnd().split("\n");
    head = JSON.parse(lines[0]!).headHash;
  });
  afterAll(async () => server?.close());

  /** Line i of the export holds seq i (line 0 is the header). */
  const edit = (f: (copy: string[]) => void) => {
    const copy = [...lines];
    f(copy);
    return copy;
  };

  it("R6: an export is a header and the whole chain, one canonical event per line, and it verifies", () => {
    expect(lines).toHaveLength(14);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      kind: "cordon-event-log",
      marking: "OFFICIAL-SENSITIVE",
      name: "England v Italy (evidence)",
      exportedBy: { name: "Mark Ellis (Debrief)", role: "analyst" },
      reason: "Court bundle",
      recipient: "CPS",
      headSeq: 13,
    });
    for (const line of lines.slice(1)) expect(line).toBe(canonicalJson(JSON.parse(line)));
    const report = verifyExport(lines);
    expect(report.findings).toEqual([]);
    expect(report.events).toMatchObject({ count: 13, first: 1, last: 13 });
    expect(report.header).toMatchObject({ headSeq: 13, headHash: head });
  });

  it("R6: an altered, a removed, a reordered and a truncated log are each caught at the right seq", () => {
    const kinds = (l: string[]) => verifyExport(l).findings.map((f) => [f.kind, f.seq]);
    const altered = edit((c) => {
      const e = JSON.parse(c[5]!);
      e.payload.description = "Nothing happened";
      c[5] = canonicalJson(e);
    });
    expect(kinds(altered)).toEqual([["altered", 5]]);
    expect(kinds(edit((c) => c.splice(7, 1)))).toEqual([["removed", 7]]);
    expect(kinds(edit((c) => ([c[9], c[10]] = [c[10]!, c[9]!])))).toEqual([["reordered", 9]]);
    // Renumbered to hide a removal: the seqs run on, but the chain does not.
    const renumbered = edit((c) => {
      c.splice(7, 1);
      for (let i = 7; i < c.length; i++) c[i] = canonicalJson({ ...JSON.parse(c[i]!), seq: i });
    });
    expect(kinds(renumbered)[0]).toEqual(["altered", 7]);
    // The last events cut off: the chain that is left is sound, the header says what is missing.
    expect(kinds(lines.slice(0, -2))).toEqual([["truncated", 11]]);
    expect(kinds(lines.slice(1, -2))).toEqual([["header-missing", null]]);
  });

  it("R6: npm run verify says the same, with exit code 0, 1 or 2", async () => {
    const dir = fs.mkdtempSync(path.join(server.dir, "verify-"));
    const good = path.join(dir, "good.ndjson");
    const bad = path.join(dir, "bad.ndjson");
    fs.writeFileSync(good, `${lines.join("\n")}\n`);
    fs.writeFileSync(bad, edit((c) => c.splice(7, 1)).join("\n"));
    const verify = (...args: string[]) =>
      run(process.execPath, ["--import", "tsx", "scripts/verify.ts", ...args], { cwd: ROOT }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout + err.stderr }),
      );
    const key = path.join(dir, "server.pub");
    fs.writeFileSync(key, server.app.signer.publicKeyPem);
    const checkpoints = path.join(server.dir, "checkpoints");
    server.app.checkpoints.writeDue("interval");
    const [ok, failed, usage] = await Promise.all([
      verify(good, "--checkpoints", checkpoints, "--key", key),
      verify(bad, "--checkpoints", checkpoints, "--key", key),
      verify(),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("The header is the manifest the server signed");
    expect(ok.stdout).toContain("Seq 1 to 13 are exactly the events the server had logged");
    expect(ok.stdout).toContain("RESULT: OK");
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("RESULT: FAILED — 1 problem:\n  - removed: seq 7 is missing");
    expect(usage.code).toBe(2);
  });
});
