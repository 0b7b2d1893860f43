import { io, type Socket } from "socket.io-client";
import { signIn as signInDemo, summarise } from "./support";

/**
 * The two loads of the cluster bench (issue 9 item 7), against any set of processes: acked
 * commands per second with many stewards at once, and one steward's report → a control socket,
 * one at a time. The same loads run against bare socket.io (`raw`), where nothing is stored.
 */
export interface Target {
  /** One base URL per process; clients are spread over them in turn. */
  urls: string[];
  opId: string;
  /** Bare socket.io (bench/clusterRaw.ts): no sign-in, no hello, a `report` message. */
  raw: boolean;
}

/** One sender: the process it talks to and its session there (none for bare socket.io). */
export interface Sender {
  url: string;
  cookie: string | undefined;
}

const ACK_TIMEOUT_MS = 30_000;
const DELIVERY_TIMEOUT_MS = 60_000;
const PASSWORD = "bench-password-not-secret";

/**
 * Makes `count` steward accounts through the admin API of the first process (the store is
 * shared, so one place is enough) and signs each in on the process it will send to. Distinct
 * stewards, because a steward's own reports come back to every socket of that steward.
 */
export async function prepareSenders(target: Target, count: number): Promise<Sender[]> {
  const urls = target.urls;
  const urlOf = (i: number) => urls[i % urls.length] as string;
  if (target.raw) return Array.from({ length: count }, (_, i) => ({ url: urlOf(i), cookie: undefined }));
  const first = urls[0] as string;
  const admin = await signInDemo(first, "admin");
  const senders: Sender[] = [];
  for (let i = 0; i < count; i++) {
    const username = `bench-steward-${i}`;
    const made = await fetch(`${first}/api/admin/users`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: admin },
      body: JSON.stringify({
        username,
        name: `Bench steward ${i}`,
        role: "steward",
        sector: "olympic-way",
        post: "post-ow-boxpark",
        password: PASSWORD,
      }),
    });
    if (!made.ok && made.status !== 409) throw new Error(`creating ${username}: ${made.status} ${await made.text()}`);
    senders.push({ url: urlOf(i), cookie: await signIn(urlOf(i), username, PASSWORD) });
  }
  return senders;
}

async function signIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username} on ${url}: ${res.status} ${await res.text()}`);
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

/** `control`: in bare socket.io (bench/clusterRaw.ts), join the control room. */
async function connect(url: string, cookie: string | undefined, control = false): Promise<Socket> {
  const socket = io(url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
    ...(control ? { query: { role: "control" } } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (err) => reject(new Error(`connect to ${url}: ${err.message}`)));
  });
  return socket;
}

/** A controller's socket on `url`, in the live feed (a hello), counting the reports it receives. */
async function controlSocket(target: Target, url: string): Promise<{ socket: Socket; onReport: (f: () => void) => void }> {
  const socket = await connect(url, target.raw ? undefined : await signInDemo(url, "controller"), target.raw);
  if (!target.raw) {
    const hello = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("sync:hello", { protocol: 1, opId: target.opId, lastSeq: null })) as {
      ok: boolean;
    };
    if (!hello.ok) throw new Error(`hello on ${url}: ${JSON.stringify(hello)}`);
  }
  let listener = () => {};
  socket.on("event", (e: { type?: string }) => {
    if (target.raw || e.type === "StewardReportSubmitted") listener();
  });
  return {
    socket,
    onReport: (f) => {
      listener = f;
    },
  };
}

const MAX_RESENDS = 20;

/**
 * Sends one report and waits for its ack. An `unavailable` answer is sent again with the same
 * key, as the phone's outbox would; returns how many times. Any other refusal, or a lost ack, throws.
 */
async function report(target: Target, socket: Socket, key: string, text: string): Promise<number> {
  if (target.raw) {
    await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("report", { type: "crowd-surge", text });
    return 0;
  }
  const body = { type: "crowd-surge", postId: "post-ow-boxpark", text, reporterTime: Date.now() };
  for (let resends = 0; resends <= MAX_RESENDS; resends++) {
    const ack = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("report:submit", { opId: target.opId, key, body })) as {
      ok: boolean;
      error?: { code: string };
    };
    if (ack.ok) return resends;
    if (ack.error?.code !== "unavailable") throw new Error(`report refused: ${JSON.stringify(ack)}`);
  }
  throw new Error(`report ${key} answered unavailable ${MAX_RESENDS + 1} times`);
}

export interface Throughput {
  perSecond: number;
  ack: ReturnType<typeof summarise>;
  /** Reports answered `unavailable` and sent again (a writer that kept losing races). */
  resent: number;
}

/**
 * The senders share `total` reports: each sends one, waits for its ack, and takes the next. A
 * controller on the last process must receive every one before the clock stops, so the figure
 * counts reports stored and delivered, not only acked.
 */
export async function throughput(target: Target, senders: readonly Sender[], total: number, round: string): Promise<Throughput> {
  const last = target.urls[target.urls.length - 1] as string;
  const control = await controlSocket(target, last);
  const sockets = await Promise.all(senders.map((s) => connect(s.url, s.cookie)));
  let seen = 0;
  let timer: NodeJS.Timeout | undefined;
  const delivered = new Promise<void>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`control on ${last}: ${seen} of ${total} reports in ${DELIVERY_TIMEOUT_MS} ms`)),
      DELIVERY_TIMEOUT_MS,
    );
    control.onReport(() => {
      if (++seen === total) resolve();
    });
  });
  // Awaited below; a failed send must not leave it rejecting unobserved.
  delivered.catch(() => {});
  const acks: number[] = [];
  let next = 0;
  let resent = 0;
  const t0 = performance.now();
  try {
    await Promise.all(
      sockets.map(async (socket) => {
        while (next < total) {
          const i = next++;
          const sent = performance.now();
          resent += await report(target, socket, `bench-tp-${round}-${i}`, `throughput ${round} ${i}`);
          acks.push(performance.now() - sent);
        }
      }),
    );
    await delivered;
    return { perSecond: total / ((performance.now() - t0) / 1000), ack: summarise(acks), resent };
  } finally {
    clearTimeout(timer);
    for (const s of [control.socket, ...sockets]) s.close();
  }
}

/**
 * One steward's report at a time, from the first process to a controller on the last: the time
 * from the send to the controller's event. The first `warmup` are not counted.
 */
export async function reportToControl(target: Target, sender: Sender, count: number, warmup: number, round: string) {
  const control = await controlSocket(target, target.urls[target.urls.length - 1] as string);
  const steward = await connect(sender.url, sender.cookie);
  const samples: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    for (let i = 0; i < count + warmup; i++) {
      const t0 = performance.now();
      const seen = new Promise<number>((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`report ${i} did not reach control in ${DELIVERY_TIMEOUT_MS} ms`)), DELIVERY_TIMEOUT_MS);
        control.onReport(() => resolve(performance.now() - t0));
      });
      seen.catch(() => {});
      const [took] = await Promise.all([seen, report(target, steward, `bench-lat-${round}-${i}`, `latency ${round} ${i}`)]);
      clearTimeout(timer);
      if (i >= warmup) samples.push(took);
    }
    return summarise(samples);
  } finally {
    clearTimeout(timer);
    control.socket.close();
    steward.close();
  }
}
