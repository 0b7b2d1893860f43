import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** A server entry and its imports from the repository in one ESM file; packages stay imports. */
export interface Bundle {
  /** Run it with `node <file>`. */
  file: string;
  remove(): void;
}

/**
 * Bundles `entry` (relative to the repository) for tests that start it as a child process many
 * times. Under `node --import tsx` a start spends most of its time loading some 150 TypeScript
 * modules one by one through tsx's loader; one bundled file starts in a fraction of that. The code
 * is the same, compiled by the same esbuild that tsx uses.
 *
 * The file is written to `<repo>/tmp/` (ignored by git), one level below the root like `server/`,
 * so paths the server resolves from its own location (`../shared/venue`, `../dist/client`) hold.
 */
export async function bundleEntry(entry: string): Promise<Bundle> {
  const dir = path.join(ROOT, "tmp");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${path.basename(entry, ".ts")}-${process.pid}-${Date.now()}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, entry)],
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
  return { file, remove: () => fs.rmSync(file, { force: true }) };
}
