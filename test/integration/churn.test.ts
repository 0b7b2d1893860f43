import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { Random } from "../../server/demo/random";
import { INCIDENT_TYPES } from "../../shared/domain";
import { type Viewer, viewerOf } from "../../shared/visibility";
import { expectOk, newKey, startServer, type TestServer } from "../support/harness";
import { expectedStateFor, ModelClient, picture } from "../support/modelClient";

const SEED = Number(process.env.CHURN_SEED ?? 4150);
const POSTS = ["post-ow-boxpark", "post-ts-entrance-h", "post-steps-top", "post-wp-gateline"];

describe("gap-free catch-up under churn (issue 4 item 3)", () => {
  let server: TestServer;
  const clients: ModelClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server?.close();
  });

  it(`C8: clients of every role dropping and rejoining at random end with exactly their audience's picture (seed ${SEED})`, async () => {
    const rnd = new Random(SEED);
    server = await startServer({ COMMAND_RATE_PER_SEC: 1000, COMMAND_BURST: 1000, STEWARD_REPORTS_PER_MINUTE: 100_000 });
    const opId = await server.openOperation("Churn");
    const control = await server.connect("controller");
    for (const [unitId, sector] of [
      ["psu-12a", "olympic-way"],
      ["psu-14b", "stadium-west"],
      ["las-1", "stadium-north"],
    ] as const) {
      expectOk(
        await control.send(opId, "unit:register", { unitId, callSign: unitId.toUpperCase(), kind: "serial", agency: "MPS", sector }),
      );
    }

    // Two sockets for each account: every audience, churned.
    for (const username of ["commander", "controller", "steward", "steward", "steward2", "steward2", "officer", "officer"]) {
      const user = (await server.app.accounts.byUsername(username))!;
      clients.push(new ModelClient(server.url, await server.signIn(username), opId, viewerOf(user) as Viewer));
    }
    const stewards = clients.filter((c) => c.viewer.kind === "steward");
    // Each command gets its own generous bound: a loaded machine is slow, not wrong.
    const deadline = () => Date.now() + 30_000;

    let stop = false;
    const rejoins = new Set<NodeJS.Timeout>();
    // A failed run stops churning too, and no rejoin fires after the clients are closed.
    onTestFinished(() => {
      stop = true;
      for (const t of rejoins) clearTimeout(t);
    });
    const churn = (async () => {
      while (!stop && clients.length > 0) {
        const c = clients[rnd.int(0, clients.length - 1)]!;
        c.socket.disconnect();
        const rejoin = setTimeout(
          () => {
            rejoins.delete(rejoin);
            c.socket.connect();
          },
          rnd.int(0, 120),
        );
        rejoins.add(rejoin);
        await new Promise((r) => setTimeout(r, rnd.int(5, 40)));
      }
    })();

    let incidents = 0;
    for (let i = 0; i < 300; i++) {
      const roll = rnd.next();
      if (roll < 0.35) {
        const s = stewards[rnd.int(0, stewards.length - 1)]!;
        const type = INCIDENT_TYPES[rnd.int(0, INCIDENT_TYPES.length - 1)]!;
        await s.sendUntilAcked(
          "report:submit",
          { type, postId: POSTS[rnd.int(0, POSTS.length - 1)]!, reporterTime: i },
          newKey("churn"),
          deadline(),
        );
      } else if (roll < 0.5) {
        const reports = Object.values(server.app.ops.get(opId)!.state.reports).filter((r) => r.status === "new");
        const r = reports[rnd.int(0, Math.max(0, reports.length - 1))];
        if (r)
          await control.send(opId, rnd.chance(0.6) ? "report:promote" : "report:dismiss", {
            reportId: r.id,
            grade: "S",
            reason: "No trace",
          } as never);
      } else if (roll < 0.65) {
        await control.send(opId, "incident:report", {
          type: "disorder",
          location: { lat: 51.556 + rnd.between(0, 0.008), lng: -0.28 },
          description: `c${i}`,
        });
        incidents++;
      } else if (roll < 0.8) {
        const unitId = ["psu-12a", "psu-14b", "las-1"][rnd.int(0, 2)]!;
        await control.send(opId, rnd.chance(0.5) ? "incident:assign" : "incident:release", {
          incidentId: `inc-${rnd.int(1, incidents + 1)}`,
          unitId,
        });
      } else if (roll < 0.9) {
        await control.send(opId, "incident:note", {
          incidentId: `inc-${rnd.int(1, incidents + 1)}`,
          text: "update",
          intel: rnd.chance(0.5),
        });
      } else {
        await control.send(opId, "alert:send", {
          audience: (["all", "stewards", "units", "control"] as const)[rnd.int(0, 3)] ?? "all",
          text: "Heads up",
        });
      }
    }
    stop = true;
    await churn;

    // A sentinel every audience sees is the last event: a client holding it has applied all it
    // may see (no other event follows), so reaching its seq is the end, with nothing to wait out.
    expectOk(await control.send(opId, "alert:send", { audience: "all", text: "Churn over" }));
    const log = await server.app.store.readAfter(opId, 0);
    const head = log[log.length - 1]!.seq;
    for (const c of clients) if (!c.socket.connected) c.socket.connect();
    const behind = () =>
      clients.filter((c) => !c.socket.connected || c.state.seq !== head).map((c) => `${c.viewer.kind} ${c.viewer.userId}@${c.state.seq}`);
    await expect
      .poll(behind, { timeout: 30_000, message: `every client connected and at the sentinel's seq ${head} (listed: those still behind)` })
      .toEqual([]);

    for (const c of clients) {
      const expected = expectedStateFor(c.viewer, log);
      expect(picture(c.state), `${c.viewer.kind} ${c.viewer.userId}`).toEqual(picture(expected));
      expect(new Set(c.applied).size, "no event applied twice").toBe(c.applied.length);
    }
    const resyncs = clients.reduce((n, c) => n + c.resyncs, 0);
    console.log(`churn: ${log.length} events, ${clients.length} clients, ${resyncs} gap resyncs, seed ${SEED}`);
  }, 240_000);
});
