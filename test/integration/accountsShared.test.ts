import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import { type AccountsServer, startAccountsServer } from "../support/accountsServer";
import { createTestSchema, postgresAvailable, type TestSchema } from "../support/services";

const pgUp = await postgresAvailable();

/**
 * Sessions across processes (issue 9 item 1, issue 8 item 2): two servers on one PostgreSQL
 * schema and no Redis, so nothing but the shared account tables and each process's sweep of
 * `account_changes` carries a sign-out or a rights change from one to the other.
 */
describe.skipIf(!pgUp)("sessions shared by two processes on one PostgreSQL", () => {
  let schema: TestSchema;
  let one: AccountsServer;
  let two: AccountsServer;
  beforeEach(async () => {
    schema = await createTestSchema();
    // One after the other: the second finds the demo accounts the first seeded.
    one = await startAccountsServer({}, { storage: await openPostgresStorage(schema.url) });
    two = await startAccountsServer({}, { storage: await openPostgresStorage(schema.url) });
  });
  afterEach(async () => {
    await one?.close();
    await two?.close();
    await schema?.drop();
  });

  /** A sweep a second on the other process; generous for a loaded machine, still bounded. */
  const ACROSS_MS = 5_000;

  it("S36: a cookie made by one process works on the other, for REST and for a socket", async () => {
    const cookie = await one.signIn("steward");
    const res = await two.api("GET", "/api/session", cookie);
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe("steward");
    const socket = await two.socket(cookie, "steward on process 2");
    expect(socket.socket.connected).toBe(true);
  });

  it("S37: a sign-out through process 1 closes the session's idle socket on process 2, and the cookie is refused there", async () => {
    const cookie = await one.signIn("steward");
    const idle = await two.socket(cookie, "idle steward on process 2");
    const other = await two.socket(await one.signIn("steward"), "the steward's other session");
    expect((await one.api("DELETE", "/api/session", cookie)).status).toBe(204);
    const { reason, disconnect } = await idle.ended(ACROSS_MS);
    expect(reason).toBe("Signed out.");
    expect(disconnect).toBe("io server disconnect");
    expect((await two.api("GET", "/api/session", cookie)).status).toBe(401);
    expect(other.socket.connected).toBe(true);
  });

  it("S38: a role change made through process 1 closes the idle socket on process 2; signed in again there, the new role holds", async () => {
    const admin = await one.signIn("admin");
    const idle = await two.socket(await one.signIn("steward"), "idle steward on process 2");
    const users = (await one.api("GET", "/api/admin/users", admin)).body.users as { id: string; username: string }[];
    const steward = users.find((u) => u.username === "steward")!;
    expect((await one.api("POST", `/api/admin/users/${steward.id}`, admin, { role: "analyst" })).status).toBe(200);
    expect((await idle.ended(ACROSS_MS)).reason).toMatch(/sign in again/);
    const again = await two.signIn("steward");
    expect((await two.api("GET", "/api/session", again)).body.user.role).toBe("analyst");
  });

  it("S38: disabling an account on process 2 ends its sockets on process 1 and sign-in is refused on both", async () => {
    const admin = await two.signIn("admin");
    const idle = await one.socket(await two.signIn("officer"), "idle officer on process 1");
    const users = (await two.api("GET", "/api/admin/users", admin)).body.users as { id: string; username: string }[];
    const officer = users.find((u) => u.username === "officer")!;
    expect((await two.api("POST", `/api/admin/users/${officer.id}/disable`, admin)).status).toBe(200);
    expect((await idle.ended(ACROSS_MS)).reason).toMatch(/disabled/);
    await expect(one.signIn("officer")).rejects.toThrow(/401/);
    await expect(two.signIn("officer")).rejects.toThrow(/401/);
  });
});
