import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";

export interface Started {
  /** The words after READY on the child's first line. */
  ready: string[];
  /** Asks the child to stop (SIGTERM); resolves when it has exited. */
  stop(): Promise<void>;
  /** The process itself (its IPC channel when started with `ipc`). */
  child: ChildProcess;
}

export interface StartOptions {
  /** Opens an IPC channel (child.send / process.send). */
  ipc?: boolean;
  /** Node flags before the file, e.g. --expose-gc. */
  nodeArgs?: string[];
  /** How long the child may take to print READY (60 s). */
  readyTimeoutMs?: number;
}

/** Servers a bench started: they go when the bench goes, however it ends. */
const children = new Set<ChildProcess>();
const killAll = () => {
  for (const c of children) c.kill("SIGKILL");
};
process.once("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

/** Starts a TypeScript file in its own Node process and waits for its `READY …` line. */
export async function startProcess(file: string, env: Record<string, string>, options: StartOptions = {}): Promise<Started> {
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", file], {
    env: { ...process.env, ...env },
    stdio: options.ipc ? ["ignore", "pipe", "inherit", "ipc"] : ["ignore", "pipe", "inherit"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<string[]>((resolve, reject) => {
    const limit = options.readyTimeoutMs ?? 60_000;
    const timer = setTimeout(() => reject(new Error(`${file} did not start in ${limit / 1000} s`)), limit);
    lines.on("line", (line) => {
      // BENCH_STDOUT_DIR: each child's stdout kept in <dir>/<pid>.log (e.g. a server run with --trace-gc-nvp).
      if (process.env.BENCH_STDOUT_DIR) fs.appendFileSync(path.join(process.env.BENCH_STDOUT_DIR, `${child.pid}.log`), `${line}\n`);
      if (line.startsWith("READY")) {
        clearTimeout(timer);
        resolve(line.split(" ").slice(1));
      }
    });
    child.once("exit", (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    ready,
    child,
    stop: () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

export async function signIn(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "demo" }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export function summarise(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN, n: sorted.length };
}
