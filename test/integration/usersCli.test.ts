import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Accounts } from "../../server/auth/accounts";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import { SqliteAccountStore } from "../../server/store/sqliteAccountStore";
import { type AccountsServer, startAccountsServer } from "../support/accountsServer";
import { type Bundle, bundleEntry } from "../support/bundle";
import { expectOk, WAIT_MS, within } from "../support/harness";
import { createTestSchema, postgresAvailable } from "../support/services";

const ROOT = path.resolve(import.meta.dirname, "../..");
const children: ChildProcess[] = [];
const dirs: string[] = [];
let server: AccountsServer | null = null;

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await server?.close();
  server = null;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-users-"));
  dirs.push(dir);
  return path.join(dir, "cordon.db");
}

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** The users CLI in one file: this file runs it some twenty times, each start far quicker than through tsx. */
let usersCli: Bundle;
beforeAll(async () => {
  usersCli = await bundleEntry("scripts/users.ts");
});
afterAll(() => usersCli?.remove());

/**
 * A child process with the database in DATABASE_PATH (or `env`'s); `input` is written to its stdin,
 * then closed. `script` is a TypeScript file run through tsx, or a bundle's JavaScript file.
 */
function spawnNode(script: string, args: string[], dbPath: string, input?: string, env: Record<string, string> = {}): Promise<Run> {
  const run = script.endsWith(".ts") ? ["--import", "tsx", path.join(ROOT, script)] : [script];
  const child = spawn(process.execPath, [...run, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: dbPath, PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  child.stdin!.end(input ?? "");
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, out, err })));
}

const users = (args: string[], dbPath: string, input?: string, env?: Record<string, string>) =>
  spawnNode(usersCli.file, args, dbPath, input, env);

it("A9: a real start with no admin account refuses to run and prints the command that creates one", async () => {
  const dbPath = tempDb();
  const run = await spawnNode("server/main.ts", [], dbPath);
  expect(run.code).toBe(2);
  expect(run.err).toContain("no admin account");
  expect(run.err).toContain("npm run users -- add --username <name> --role admin");
}, 90_000);

it("A10: the users CLI adds, resets, changes, disables, enables and lists accounts, with exit codes", async () => {
  const dbPath = tempDb();
  const pw = "correct horse battery staple";
  const add = ["add", "--username", "jo", "--name", "Steward 1182", "--role", "steward", "--sector", "olympic-way", "--password-stdin"];
  // Independent runs go side by side: each child pays Node's start-up.
  const [root, inArgv, noTerminal, short] = await Promise.all([
    users(["add", "--username", "root", "--role", "admin", "--password-stdin"], dbPath, `${pw}\n`),
    // Never a password in argv, never a silent empty one.
    users(["add", "--username", "x", "--role", "steward", "--password", pw], dbPath),
    users(["add", "--username", "x", "--role", "steward"], dbPath),
    users(["add", "--username", "x", "--role", "gold", "--password-stdin"], dbPath, "short\n"),
  ]);
  expect(root.code, root.err).toBe(0);
  expect([inArgv.code, inArgv.err]).toEqual([2, expect.stringContaining("never given on the command line")]);
  expect([noTerminal.code, noTerminal.err]).toEqual([2, expect.stringContaining("--password-stdin")]);
  expect(short.code, short.err).toBe(2);

  expect((await users(add, dbPath, `${pw}\n`)).code).toBe(0);
  const [again, moved, reset, nobody, lastAdmin] = await Promise.all([
    users(add, dbPath, `${pw}\n`),
    users(["role", "--username", "jo", "--role", "officer", "--unit", "psu-12a", "--operations", "op-a,op-b"], dbPath),
    users(["reset", "--username", "jo", "--password-stdin"], dbPath, `${pw} 2\n`),
    users(["disable", "--username", "nobody"], dbPath),
    users(["disable", "--username", "root"], dbPath),
  ]);
  expect([again.code, moved.code, reset.code, nobody.code, lastAdmin.code]).toEqual([4, 0, 0, 3, 4]);
  expect(lastAdmin.err).toContain("last enabled admin");

  expect((await users(["disable", "--username", "jo"], dbPath)).code).toBe(0);
  const listed = await users(["list", "--json"], dbPath);
  expect(listed.code).toBe(0);
  const byName = Object.fromEntries((JSON.parse(listed.out) as { username: string }[]).map((u) => [u.username, u]));
  expect(byName.jo).toMatchObject({
    role: "officer",
    sector: "olympic-way",
    unitId: "psu-12a",
    operations: ["op-a", "op-b"],
    disabled: true,
  });
  expect(listed.out).not.toMatch(/argon2|password/i);
  expect((await users(["enable", "--username", "jo"], dbPath)).code).toBe(0);

  // The reset took: only the new password is accepted, and jo can sign in again.
  const db = new Database(dbPath);
  const accounts = new Accounts(new SqliteAccountStore(db));
  expect(await accounts.acceptsPassword("jo", pw)).toBe(false);
  expect((await accounts.signIn("jo", `${pw} 2`))?.user.role).toBe("officer");
  db.close();
}, 300_000);

it("A10: a change made by the CLI while the server runs closes that user's idle sockets within a second or so", async () => {
  server = await startAccountsServer();
  const opId = await server.openOperation("England v Italy");
  const steward = await server.socket(await server.signIn("steward"), "steward");
  expectOk(await steward.hello(opId));
  const cli = await users(["disable", "--username", "steward"], path.join(server.dir, "cordon.db"));
  expect(cli.code).toBe(0);
  // The CLI is done: from here the server's sweep (once a second) must notice by itself.
  const { reason } = await within(steward.ended(), WAIT_MS, "the steward's socket closing after the CLI disabled the account");
  expect(reason).toMatch(/disabled/);
  await expect(server.signIn("steward")).rejects.toThrow(/401/);
}, 90_000);

const pgUp = await postgresAvailable();

describe.skipIf(!pgUp)("the users CLI on PostgreSQL (DATABASE_URL)", () => {
  it("A10: with DATABASE_URL the CLI manages the servers' shared accounts: it adds and lists, and a disable closes an idle socket", async () => {
    const schema = await createTestSchema();
    try {
      server = await startAccountsServer({}, { storage: await openPostgresStorage(schema.url) });
      const steward = await server.socket(await server.signIn("steward"), "steward");
      const env = { DATABASE_URL: schema.url };
      const noFile = path.join(tempDb(), "not-used.db"); // DATABASE_URL wins over DATABASE_PATH
      const pw = "a long enough password";
      expect((await users(["add", "--username", "root", "--role", "admin", "--password-stdin"], noFile, `${pw}\n`, env)).code).toBe(0);
      const listed = await users(["list", "--json"], noFile, undefined, env);
      expect(listed.code).toBe(0);
      expect((JSON.parse(listed.out) as { username: string }[]).map((u) => u.username)).toContain("root");
      expect(await server.app.accounts.acceptsPassword("root", pw)).toBe(true);
      expect((await users(["disable", "--username", "steward"], noFile, undefined, env)).code).toBe(0);
      const { reason } = await within(steward.ended(), WAIT_MS, "the steward's socket closing after the CLI disabled the account");
      expect(reason).toMatch(/disabled/);
      expect(fs.existsSync(noFile)).toBe(false);
    } finally {
      await server?.close();
      server = null;
      await schema.drop();
    }
  }, 120_000);
});
