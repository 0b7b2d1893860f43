import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AccountStore, StoredUser } from "../../server/auth/accountStore";
import { Accounts, tokenHash } from "../../server/auth/accounts";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

export const storedUser = (id: string, over: Partial<StoredUser> = {}): StoredUser => ({
  id,
  username: id.replace(/^u-/, ""),
  name: `Name of ${id}`,
  role: "steward",
  sector: "olympic-way",
  unitId: null,
  post: "post-ow-boxpark",
  disabled: false,
  operations: [],
  passwordHash: `$argon2id$fake-${id}`,
  ...over,
});

/**
 * The behaviour every AccountStore must have (issue 9 item 1). Each implementation runs this
 * suite with a factory that gives it a fresh, empty store; `close` releases what it opened.
 */
export function accountStoreContract(name: string, make: () => Promise<{ store: AccountStore; close: () => Promise<void> }>) {
  describe(`AccountStore contract: ${name}`, () => {
    let store: AccountStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await make());
    });
    afterEach(async () => close());

    it("S20: a user reads back exactly as stored, by id and by username; a taken username is refused and the first kept", async () => {
      const jo = storedUser("u-jo", { operations: ["op-a", "op-b"], unitId: "psu-12a", role: "officer" });
      expect(await store.insertUser(jo)).toBe(true);
      expect(await store.userById("u-jo")).toEqual(jo);
      expect(await store.userByUsername("jo")).toEqual(jo);
      expect(await store.insertUser(storedUser("u-other", { username: "jo" }))).toBe(false);
      expect(await store.userByUsername("jo")).toEqual(jo);
      expect(await store.userById("u-other")).toBeNull();
      expect(await store.userByUsername("nobody")).toBeNull();
    });

    it("S21: the list is by username and carries no password hash; the counts count enabled admins only", async () => {
      await store.insertUser(storedUser("u-b", { username: "b", role: "admin" }));
      await store.insertUser(storedUser("u-a", { username: "a" }));
      await store.insertUser(storedUser("u-c", { username: "c", role: "admin" }));
      await store.insertUser(storedUser("u-Z", { username: "Z" }));
      const list = await store.listUsers();
      expect(list.map((u) => u.username)).toEqual(["Z", "a", "b", "c"]); // byte order, as SQLite sorts
      expect(JSON.stringify(list)).not.toContain("argon2");
      expect(await store.countUsers()).toBe(4);
      expect(await store.countEnabledAdmins()).toBe(2);
      await store.setDisabled("u-c", true);
      expect(await store.countEnabledAdmins()).toBe(1);
      expect((await store.userById("u-c"))?.disabled).toBe(true);
    });

    it("S22: an update sets every field but username, password and disabled; a new password hash replaces the old", async () => {
      await store.insertUser(storedUser("u-jo"));
      await store.updateUser("u-jo", { name: "Jo", role: "officer", sector: null, unitId: "psu-1", post: null, operations: ["op-x"] });
      await store.setPasswordHash("u-jo", "$argon2id$new");
      expect(await store.userById("u-jo")).toEqual({
        ...storedUser("u-jo"),
        name: "Jo",
        role: "officer",
        sector: null,
        unitId: "psu-1",
        post: null,
        operations: ["op-x"],
        passwordHash: "$argon2id$new",
      });
    });

    it("S23: a session loads with its user; a disabled user's does not; last-seen only moves forward; an ended one is gone", async () => {
      await store.insertUser(storedUser("u-jo"));
      await store.insertUser(storedUser("u-sam"));
      await store.createSession({ hash: "h1", userId: "u-jo", createdAt: 1000, expiresAt: 1000 + 60 * MIN });
      await store.createSession({ hash: "h2", userId: "u-sam", createdAt: 1000, expiresAt: 1000 + 60 * MIN });
      const { passwordHash: _, ...jo } = storedUser("u-jo");
      expect(await store.load("h1")).toEqual({ hash: "h1", user: jo, createdAt: 1000, expiresAt: 1000 + 60 * MIN, lastSeenAt: 1000 });
      expect(await store.lastSeen("h1")).toBe(1000);
      await store.persistLastSeen(new Map([["h1", 5000]]));
      await store.persistLastSeen(new Map([["h1", 4000]])); // an older report from a slower process
      expect(await store.lastSeen("h1")).toBe(5000);
      await store.setDisabled("u-sam", true);
      expect(await store.load("h2")).toBeNull();
      await store.end("h1");
      expect(await store.load("h1")).toBeNull();
      expect(await store.lastSeen("h1")).toBeNull();
      expect(await store.load("nope")).toBeNull();
    });

    it("S24: a sign-out deletes that session only and records it once; an unknown session records nothing", async () => {
      await store.insertUser(storedUser("u-jo"));
      await store.createSession({ hash: "h1", userId: "u-jo", createdAt: 1000, expiresAt: 9_000_000 });
      await store.createSession({ hash: "h2", userId: "u-jo", createdAt: 1000, expiresAt: 9_000_000 });
      const before = await store.lastChangeId();
      const id = await store.signOut("h1", 2000);
      expect(id).toBeGreaterThan(before);
      expect(await store.signOut("h1", 2001)).toBeNull();
      expect(await store.changesAfter(before)).toEqual([{ id, userId: "u-jo", hash: "h1", reason: "signed-out" }]);
      expect(await store.load("h2")).not.toBeNull();
    });

    it("S25: ending a user's sessions deletes all of theirs and no one else's, and the change feed gives each change once, in order", async () => {
      await store.insertUser(storedUser("u-jo"));
      await store.insertUser(storedUser("u-sam"));
      for (const [hash, userId] of [
        ["a", "u-jo"],
        ["b", "u-jo"],
        ["c", "u-sam"],
      ] as const)
        await store.createSession({ hash, userId, createdAt: 1000, expiresAt: 9_000_000 });
      expect(await store.lastChangeId()).toBe(0);
      const first = await store.endSessionsOf("u-jo", 2000, "rights-changed");
      const second = await store.endSessionsOf("u-sam", 2001, "disabled");
      expect(second).toBeGreaterThan(first);
      expect([await store.load("a"), await store.load("b"), await store.load("c")]).toEqual([null, null, null]);
      expect(await store.changesAfter(0)).toEqual([
        { id: first, userId: "u-jo", hash: null, reason: "rights-changed" },
        { id: second, userId: "u-sam", hash: null, reason: "disabled" },
      ]);
      expect(await store.changesAfter(first)).toHaveLength(1);
      expect(await store.changesAfter(second)).toEqual([]);
      expect(await store.lastChangeId()).toBe(second);
    });

    it("S26: the purge drops sessions past either deadline and change rows older than a day, nothing else", async () => {
      await store.insertUser(storedUser("u-jo"));
      const now = 10 * DAY;
      await store.endSessionsOf("u-jo", now - 2 * DAY, "password-reset");
      const recent = await store.endSessionsOf("u-jo", now - MIN, "rights-changed");
      await store.createSession({ hash: "absolute", userId: "u-jo", createdAt: now - 3 * MIN, expiresAt: now - MIN });
      await store.createSession({ hash: "idle", userId: "u-jo", createdAt: now - 40 * MIN, expiresAt: now + DAY });
      await store.createSession({ hash: "live", userId: "u-jo", createdAt: now - 40 * MIN, expiresAt: now + DAY });
      await store.persistLastSeen(new Map([["live", now - MIN]]));
      await store.purge(now - 30 * MIN, now);
      expect([await store.load("absolute"), await store.load("idle")]).toEqual([null, null]);
      expect(await store.load("live")).not.toBeNull();
      expect((await store.changesAfter(0)).map((c) => c.id)).toEqual([recent]);
    });

    it("S27: Accounts over the store: a session made through one instance is live through another on the same store, and ends for both", async () => {
      const one = new Accounts(store);
      const two = new Accounts(store);
      await one.create({
        username: "jo",
        name: "Jo",
        role: "controller",
        sector: null,
        unitId: null,
        post: null,
        operations: [],
        password: "a long password",
      });
      const signed = await one.signIn("jo", "a long password");
      expect(signed).not.toBeNull();
      expect((await two.session(signed!.token))?.username).toBe("jo");
      expect(await two.signIn("jo", "wrong")).toBeNull();
      // Swept by hand here: started for the change feed, its timer stopped.
      await two.sessions.start();
      two.sessions.close();
      const ended = new Promise((resolve) => two.sessions.onInvalidated(resolve));
      await one.signOut(signed!.token);
      await two.sessions.sweep();
      expect(await ended).toMatchObject({ userId: signed!.user.id, reason: "signed-out" });
      expect(two.isLive(tokenHash(signed!.token))).toBe(false);
      expect(await one.session(signed!.token)).toBeNull();
    });
  });
}
