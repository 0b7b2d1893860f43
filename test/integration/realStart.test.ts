import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { Accounts, DEMO_ACCOUNTS } from "../../server/auth/accounts";
import { SqliteAccountStore } from "../../server/store/sqliteAccountStore";

const ROOT = path.resolve(import.meta.dirname, "../..");
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** `npm start` without its client build: the real entry point, no --demo. */
function start(dbPath: string, port: number): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server/main.ts")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: dbPath, PORT: String(port), LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let text = "";
  child.stdout!.on("data", (b: Buffer) => (text += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (text += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => text, exited };
}

function tempDb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-start-"));
  dirs.push(dir);
  return path.join(dir, "cordon.db");
}

it("A5: a real start (no --demo) creates no demo account: commander/demo cannot sign in", async () => {
  const dbPath = tempDb();
  // A real start needs an admin (A7); it is the only account there.
  const seed = new Database(dbPath);
  await new Accounts(new SqliteAccountStore(seed)).create({
    ...DEMO_ACCOUNTS.find((a) => a.role === "admin")!,
    username: "root",
    password: "a long real password",
  });
  seed.close();
  const port = await freePort();
  const server = start(dbPath, port);
  await expect.poll(server.output, { timeout: 30_000, message: "waiting for 'Cordon is up'" }).toContain("Cordon is up");
  for (const { username } of DEMO_ACCOUNTS) {
    const res = await fetch(`http://127.0.0.1:${port}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: "demo" }),
    });
    expect(res.status, `${username}/demo`).toBe(401);
  }
  const db = new Database(dbPath, { readonly: true });
  expect((db.prepare("SELECT username FROM users").all() as { username: string }[]).map((u) => u.username)).toEqual(["root"]);
  db.close();
}, 60_000);

it("A5: a real start on a database whose accounts still take the demo password refuses to run and names them", async () => {
  const dbPath = tempDb();
  const db = new Database(dbPath);
  const accounts = new Accounts(new SqliteAccountStore(db));
  const commander = DEMO_ACCOUNTS.find((a) => a.username === "commander")!;
  await accounts.create({ ...commander, password: "demo" });
  db.close();
  const server = start(dbPath, await freePort());
  expect(await server.exited).toBe(2);
  expect(server.output()).toContain("Refusing to start");
  expect(server.output()).toContain("commander");
}, 60_000);
