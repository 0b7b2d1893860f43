/**
 * The stadium profile (DESIGN §6) as the bench runs it, shared by the parent, the two servers and
 * the load processes. Tracked devices are of two kinds (docs/protocol.md §5): officers' phones,
 * each with its own officer account, sending `position:report` for their unit over their socket,
 * and trackers (vehicles, radios) whose fixes a gateway posts to the authenticated REST feed in
 * batches. Officers' accounts carry no sector, so a fix goes to control and to its own unit's
 * phone, and a steward's report to control and its reporter: the fan-out the bare server copies.
 */
export interface Profile {
  devices: number;
  controls: number;
  stewards: number;
  /** Share of the devices that are officers' phones on a socket; the rest post through the feed. */
  phoneShare: number;
  /** Steward reports a second, over all stewards. */
  reportsPerSec: number;
  /**
   * Steward reports already in the log before anyone connects (a match well under way): a
   * steward's hello costs what the log holds, not only what it may see.
   */
  logEvents: number;
  feedToken: string;
}

/** What the load processes need to act as every client: session cookies (empty for bare socket.io). */
export interface Credentials {
  opId: string;
  feedToken: string;
  controls: string[];
  stewards: { cookie: string; postId: string }[];
  officers: { cookie: string; unitId: string }[];
  feedUnits: string[];
}

export interface BenchUnit {
  id: string;
  callSign: string;
  sector: string | null;
  /** An officer's phone (socket) rather than a tracker (feed). */
  phone: boolean;
}

export function profileEnv(p: Profile): Record<string, string> {
  return {
    STADIUM_DEVICES: String(p.devices),
    STADIUM_CONTROLS: String(p.controls),
    STADIUM_STEWARDS: String(p.stewards),
    STADIUM_PHONE_SHARE: String(p.phoneShare),
    STADIUM_REPORTS_PER_SEC: String(p.reportsPerSec),
    STADIUM_LOG_EVENTS: String(p.logEvents),
    STADIUM_FEED_TOKEN: p.feedToken,
  };
}

export function profileFromEnv(env: NodeJS.ProcessEnv = process.env): Profile {
  return {
    devices: Number(env.STADIUM_DEVICES ?? 3500),
    controls: Number(env.STADIUM_CONTROLS ?? 200),
    stewards: Number(env.STADIUM_STEWARDS ?? 2500),
    phoneShare: Number(env.STADIUM_PHONE_SHARE ?? 0.5),
    reportsPerSec: Number(env.STADIUM_REPORTS_PER_SEC ?? 10),
    logEvents: Number(env.STADIUM_LOG_EVENTS ?? 0),
    feedToken: env.STADIUM_FEED_TOKEN ?? "stadium-bench-feed-token",
  };
}

/** One unit per device, spread over the venue's sectors; the first `phoneShare` are phones. */
export function unitsOf(p: Profile, sectors: readonly string[]): BenchUnit[] {
  const phones = Math.round(p.devices * p.phoneShare);
  return Array.from({ length: p.devices }, (_, i) => ({
    id: `dev-${i}`,
    callSign: `D${i}`,
    sector: sectors.length > 0 ? (sectors[i % sectors.length] ?? null) : null,
    phone: i < phones,
  }));
}

/** The bare server's clients: the same units and numbers, with no accounts. */
export function bareCredentials(p: Profile, posts: readonly string[]): Credentials {
  const units = unitsOf(p, []);
  return {
    opId: "op-bare",
    feedToken: p.feedToken,
    controls: Array.from({ length: p.controls }, () => ""),
    stewards: Array.from({ length: p.stewards }, (_, i) => ({ cookie: "", postId: posts[i % posts.length] ?? "post-ow-boxpark" })),
    officers: units.filter((u) => u.phone).map((u) => ({ cookie: "", unitId: u.id })),
    feedUnits: units.filter((u) => !u.phone).map((u) => u.id),
  };
}
