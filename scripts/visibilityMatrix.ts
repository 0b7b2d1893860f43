import fs from "node:fs";
import { matrixCells } from "./visibilityMatrix/cells";
import { normalized, renderMatrix, withMatrix } from "./visibilityMatrix/render";

/**
 * `npx tsx scripts/visibilityMatrix.ts [--check]`: writes the visibility matrix (every role ×
 * every sample event × every path, with the fields received) into docs/spec.md between its
 * markers; with --check, exits 1 when docs/spec.md is out of date instead.
 */
const SPEC = new URL("../docs/spec.md", import.meta.url);

function main(): number {
  const doc = fs.readFileSync(SPEC, "utf8");
  const next = withMatrix(doc, renderMatrix(matrixCells()));
  if (process.argv.includes("--check")) {
    if (normalized(next) === normalized(doc)) return 0;
    console.error("docs/spec.md's visibility matrix is out of date: run npx tsx scripts/visibilityMatrix.ts");
    return 1;
  }
  if (next !== doc) fs.writeFileSync(SPEC, next);
  console.log(next === doc ? "docs/spec.md: matrix already up to date" : "docs/spec.md: matrix written");
  return 0;
}

process.exit(main());
