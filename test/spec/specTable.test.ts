import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CommandBodies, SystemCommandBodies } from "../../shared/commands";
import { EventPayloads } from "../../shared/events";

/**
 * T37: the decider specification's tables in docs/spec.md cover every command (the server's own
 * included) and every event type, and every ID they cite is carried by a test. A new command or event type cannot land
 * without a row, and a row cannot cite a test that does not exist.
 */

const root = path.resolve(import.meta.dirname, "../..");
const spec = fs.readFileSync(path.join(root, "docs/spec.md"), "utf8");

/** The text of the `### T —` section, up to the next heading of its level or above. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}`);
  if (start < 0) throw new Error(`docs/spec.md has no section "${heading}"`);
  const rest = markdown.slice(start + 1);
  const end = rest.slice(heading.length).search(/\n#{2,3} /);
  return end < 0 ? rest : rest.slice(0, heading.length + end);
}

/** Rows of the form `| \`name\` | T1, T17 | … |`: name → IDs (prefixes of up to three letters: SW1, TC2). */
function rowsByName(text: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const m of text.matchAll(/^\|\s*`([^`]+)`\s*\|([^|]*)\|/gm)) {
    const [, name = "", ids = ""] = m;
    rows.set(name, ids.match(/\b[A-Z]{1,3}\d+\b/g) ?? []);
  }
  return rows;
}

/** Every ID a section cites: its own ID rows and the IDs column of its tables. */
function idsCited(text: string, rows: Map<string, string[]>): Set<string> {
  const own = [...text.matchAll(/^\|\s*([A-Z]{1,3}\d+)\s*\|/gm)].map((m) => m[1] ?? "");
  return new Set([...own, ...[...rows.values()].flat()]);
}

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return testFiles(p);
    return d.name.endsWith(".test.ts") ? [p] : [];
  });
}

/**
 * IDs at the start of a test's title: `it("T3: …")`, `it.each(…)("T3: …")`, `test.skipIf(…)(\`R2/R8: …\`)`.
 * Skipped and to-do tests prove nothing and do not count; describe blocks do not count either.
 */
function idsInTestTitles(files: string[]): Set<string> {
  const title = /\b(?:it|test)((?:\.\w+(?:\((?:[^()]|\([^()]*\))*\))?)*)\(\s*["'`]([A-Z]{1,3}\d+(?:\/[A-Z]{1,3}\d+)*):/g;
  const ids = new Set<string>();
  for (const file of files) {
    for (const m of fs.readFileSync(file, "utf8").matchAll(title)) {
      if (/\.(skip|todo)\b(?!If)/.test(m[1] ?? "")) continue;
      for (const id of (m[2] ?? "").split("/")) ids.add(id);
    }
  }
  return ids;
}

const decider = section(spec, "### T — the decider specification");
const rows = rowsByName(decider);
const inTests = idsInTestTitles(testFiles(path.join(root, "test")));
const commands = [...Object.keys(CommandBodies), ...Object.keys(SystemCommandBodies)];

describe("T37: the decider specification's tables", () => {
  it("T37: every command in CommandBodies and SystemCommandBodies has a row citing at least one test ID", () => {
    const missing = commands.filter((name) => !(rows.get(name)?.length ?? 0));
    expect(missing, "commands with no row (or no ID) in docs/spec.md, section T").toEqual([]);
  });

  it("T37: every event type in EventPayloads has a row citing at least one test ID", () => {
    const missing = Object.keys(EventPayloads).filter((type) => !(rows.get(type)?.length ?? 0));
    expect(missing, "event types with no row (or no ID) in docs/spec.md, section T").toEqual([]);
  });

  it("T37: no row names a command or event type that no longer exists", () => {
    const known = new Set([...commands, ...Object.keys(EventPayloads)]);
    expect(
      [...rows.keys()].filter((name) => !known.has(name)),
      "rows for unknown names",
    ).toEqual([]);
  });

  it("T37: every ID the section cites is carried by a test title", () => {
    const cited = idsCited(decider, rows);
    expect(cited.size).toBeGreaterThan(0);
    expect([...cited].filter((id) => !inTests.has(id)).sort(), "IDs no test title carries").toEqual([]);
  });

  it("T37: the title scan finds IDs behind it.each and in template titles, and skips skipped tests", () => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? "/tmp"), "spec-table-"));
    try {
      const file = path.join(dir, "x.test.ts");
      const body = [
        'it("Q1: a")',
        'it.each(["a", "b"] as const)("Q2: %s")',
        "test.skipIf(!ok())(`Q3/Q4: b`)",
        'it.skip("Q5: c")',
        'describe("Q6: d")',
      ];
      fs.writeFileSync(file, body.join("\n"));
      expect([...idsInTestTitles([file])].sort()).toEqual(["Q1", "Q2", "Q3", "Q4"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
