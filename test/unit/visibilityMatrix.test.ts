import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { matrixCells, PATHS } from "../../scripts/visibilityMatrix/cells";
import { MATRIX_END, MATRIX_START, normalized, renderMatrix } from "../../scripts/visibilityMatrix/render";
import { ROLES } from "../../shared/domain";
import { EventPayloads } from "../../shared/events";

const spec = fs.readFileSync(new URL("../../docs/spec.md", import.meta.url), "utf8");

describe("the visibility matrix in docs/spec.md", () => {
  it("V13: docs/spec.md holds exactly the matrix the generator makes (run npx tsx scripts/visibilityMatrix.ts)", () => {
    const start = spec.indexOf(MATRIX_START);
    const end = spec.indexOf(MATRIX_END);
    expect(start, "docs/spec.md has the matrix markers").toBeGreaterThanOrEqual(0);
    // Line by line, so a failure shows the rows that differ; table padding does not count.
    const inSpec = normalized(spec.slice(start, end + MATRIX_END.length)).split("\n");
    expect(inSpec).toEqual(normalized(renderMatrix(matrixCells())).split("\n"));
  });

  it("V13: the matrix covers every event type, every role and every path", () => {
    const cells = matrixCells();
    expect(new Set(cells.map((c) => c.type))).toEqual(new Set(Object.keys(EventPayloads)));
    expect(new Set(cells.map((c) => c.role))).toEqual(new Set(ROLES));
    expect(new Set(cells.map((c) => c.path))).toEqual(new Set(PATHS));
  });
});
