import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { readCheckpoints } from "../server/audit/checkpoints";
import { parsePublicKey } from "../server/audit/signing";
import { verifyExport } from "../server/export/verifyExport";
import { reportInWords } from "../server/export/verifyWords";

/**
 * `npm run verify -- <events.ndjson> [--checkpoints DIR|FILE] [--key PUBLIC-KEY]`: checks an
 * exported event log's hash chain, its signed header and the server's signed checkpoints, and
 * says in plain words what was proven and what was not. Exit 0 when nothing is wrong, 1 when a
 * problem was found, 2 on bad usage.
 */
const USAGE = "usage: npm run verify -- <events.ndjson> [--checkpoints DIR|FILE] [--key PUBLIC-KEY.pem|BASE64] [--json]";

function main(): number {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [arg] = args.positionals;
  if (!arg || args.positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  // npm runs scripts from the package root; a relative path means the caller's directory.
  const here = (p: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), p);
  const file = here(arg);
  let text: string;
  let checkpoints: ReturnType<typeof readCheckpoints> | undefined;
  let publicKey: ReturnType<typeof parsePublicKey> | undefined;
  try {
    text = fs.readFileSync(file, "utf8");
    if (args.values.checkpoints) checkpoints = readCheckpoints(here(args.values.checkpoints));
    if (args.values.key) {
      const k = args.values.key;
      publicKey = parsePublicKey(fs.existsSync(here(k)) ? fs.readFileSync(here(k), "utf8") : k);
    }
  } catch (err) {
    console.error(`cannot read the input: ${(err as Error).message}`);
    return 2;
  }
  const report = verifyExport(text.split("\n"), { ...(checkpoints ? { checkpoints } : {}), ...(publicKey ? { publicKey } : {}) });
  console.log(args.values.json ? JSON.stringify(report, null, 2) : reportInWords(path.basename(file), report));
  return report.ok ? 0 : 1;
}

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { checkpoints: { type: "string" }, key: { type: "string" }, json: { type: "boolean", default: false } },
  });
}

process.exit(main());
