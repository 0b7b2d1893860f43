import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { keepAnAdmin } from "../server/admin/adminRules";
import { issues, NewUser, Password, UserPatch } from "../server/admin/userSchemas";
import { accountStoreFor } from "../server/auth/accountStore";
import { AccountError, Accounts, type User } from "../server/auth/accounts";
import { ConfigError, loadConfig } from "../server/config";
import { PartnerTokens, partnerTokenStoreFor, SqlitePartnerTokenStore } from "../server/partners/partnerTokens";
import { openPostgresStorage } from "../server/store/postgres/pgStorage";
import { SqliteAccountStore } from "../server/store/sqliteAccountStore";
import { StorageUnavailable } from "../server/store/storage";
import { ROLES } from "../shared/domain";
import { PasswordInputError, readPassword } from "./passwordInput";

/**
 * `npm run users -- <command>`: accounts for real use, on the database the server uses
 * (DATABASE_URL's PostgreSQL when set, else DATABASE_PATH). Safe while the servers run: every
 * change ends the user's sessions, and each server closes their sockets within a second. A
 * password never goes on the command line.
 */
const USAGE = `Usage: npm run users -- <command> [options]

Commands:
  add     --username U --role R [--name N] [--sector S] [--unit ID] [--post ID] [--operations ID,ID]
  reset   --username U                      a new password; the user's sessions end
  role    --username U --role R [--sector S] [--unit ID] [--post ID] [--operations ID,ID]
  disable --username U                      no sign-in; sessions and sockets end at once
  enable  --username U
  list    [--json]
  token add    --username U [--label L]     a partner's API token (shown once; stored hashed)
  token list   --username U
  token revoke --username U --id N         the token no longer works, at once

Options:
  --password-stdin   read the password from stdin (one line) instead of prompting
  --operations       operations the user may see, comma-separated; "all" (the default) for every one
  --db PATH          a SQLite file (default: PostgreSQL at DATABASE_URL when set, else
                     DATABASE_PATH, else data/cordon.db)

Roles: ${ROLES.join(", ")}
Exit codes: 0 done, 2 usage or invalid value, 3 no such user, 4 refused (name taken, last admin), 1 other error.`;

class UsageError extends Error {}

const OPTIONS = {
  username: { type: "string" },
  role: { type: "string" },
  name: { type: "string" },
  sector: { type: "string" },
  unit: { type: "string" },
  post: { type: "string" },
  operations: { type: "string" },
  label: { type: "string" },
  id: { type: "string" },
  db: { type: "string" },
  json: { type: "boolean", default: false },
  "password-stdin": { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

type Args = ReturnType<typeof parse>["values"];

function parse(argv: string[]) {
  if (argv.some((a) => a === "--password" || a.startsWith("--password="))) {
    throw new UsageError(
      "A password is never given on the command line (it would stay in the shell history): use the prompt or --password-stdin.",
    );
  }
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values: args, positionals } = parse(argv);
  const [command, ...rest] = positionals;
  // `token` takes its own verb: token add|list|revoke.
  const [sub, ...extra] = command === "token" ? rest : [undefined, ...rest];
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  if (extra.length > 0) throw new UsageError(`Unexpected argument ${JSON.stringify(extra[0])}.`);
  const config = loadConfig();
  if (args.db === undefined && config.DATABASE_URL) {
    // The servers' shared PostgreSQL: the same tables, migrated if this runs first.
    const storage = await openPostgresStorage(config.DATABASE_URL, { poolMax: 2 });
    try {
      return await run(command, args, new Accounts(accountStoreFor(storage)), new PartnerTokens(partnerTokenStoreFor(storage)), sub);
    } finally {
      await storage.close();
    }
  }
  const dbPath = args.db ?? config.DATABASE_PATH;
  fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const db = new Database(dbPath);
  // The server's own settings: a wait for a lock rather than an error, WAL, durable commits.
  db.pragma("busy_timeout = 15000");
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  try {
    return await run(command, args, new Accounts(new SqliteAccountStore(db)), new PartnerTokens(new SqlitePartnerTokenStore(db)), sub);
  } finally {
    db.close();
  }
}

async function run(command: string, args: Args, accounts: Accounts, tokens: PartnerTokens, sub: string | undefined): Promise<number> {
  switch (command) {
    case "token":
      return tokenCommand(sub, args, accounts, tokens);
    case "add": {
      const username = need(args, "username");
      const input = NewUser.safeParse({
        username,
        name: args.name ?? username,
        role: need(args, "role"),
        sector: args.sector ?? null,
        unitId: args.unit ?? null,
        post: args.post ?? null,
        operations: operations(args.operations) ?? [],
        password: await password(args),
      });
      if (!input.success) throw new UsageError(issues(input.error));
      const user = await accounts.create(input.data);
      console.log(`Added ${describe(user)}.`);
      return 0;
    }
    case "reset": {
      const user = await find(accounts, need(args, "username"));
      await accounts.resetPassword(user.id, await password(args));
      console.log(`New password set for ${user.username}; their sessions have ended.`);
      return 0;
    }
    case "role": {
      const user = await find(accounts, need(args, "username"));
      const patch = UserPatch.safeParse({
        role: need(args, "role"),
        ...(args.sector !== undefined ? { sector: blank(args.sector) } : {}),
        ...(args.unit !== undefined ? { unitId: blank(args.unit) } : {}),
        ...(args.post !== undefined ? { post: blank(args.post) } : {}),
        ...(args.operations !== undefined ? { operations: operations(args.operations) } : {}),
      });
      if (!patch.success) throw new UsageError(issues(patch.error));
      await keepAnAdmin(accounts, user.id, { role: patch.data.role! });
      const { role, sector, unitId, post, operations: ops } = patch.data;
      const updated = await accounts.update(user.id, {
        ...(role !== undefined ? { role } : {}),
        ...(sector !== undefined ? { sector } : {}),
        ...(unitId !== undefined ? { unitId } : {}),
        ...(post !== undefined ? { post } : {}),
        ...(ops !== undefined ? { operations: ops } : {}),
      });
      console.log(`Now ${describe(updated)}; their sessions have ended.`);
      return 0;
    }
    case "disable":
    case "enable": {
      const user = await find(accounts, need(args, "username"));
      if (command === "disable") await keepAnAdmin(accounts, user.id, { disabled: true });
      await accounts.setDisabled(user.id, command === "disable");
      console.log(command === "disable" ? `Disabled ${user.username}; their sessions have ended.` : `Enabled ${user.username}.`);
      return 0;
    }
    case "list": {
      const users = await accounts.list();
      if (args.json) console.log(JSON.stringify(users, null, 2));
      else if (users.length === 0) console.log("No accounts yet.");
      else for (const u of users) console.log(describe(u));
      return 0;
    }
    default:
      throw new UsageError(`Unknown command ${JSON.stringify(command)}: use add, reset, role, disable, enable, list or token.`);
  }
}

/** `token add|list|revoke --username U`: a partner's API tokens (issue 12 item 8). */
async function tokenCommand(sub: string | undefined, args: Args, accounts: Accounts, tokens: PartnerTokens): Promise<number> {
  const user = await find(accounts, need(args, "username"));
  if (user.role !== "partner") throw new UsageError(`${user.username} is a ${user.role}: API tokens are for partner accounts.`);
  switch (sub) {
    case "add": {
      const { row, token } = await tokens.create(user.id, args.label ?? "API token");
      console.log(`Token ${row.id} for ${user.username} (${row.label}):\n${token}\nIt is shown once: give it to the partner's system now.`);
      return 0;
    }
    case "list": {
      const rows = await tokens.list(user.id);
      if (rows.length === 0) console.log(`${user.username} has no API tokens.`);
      for (const t of rows) {
        const state = t.revokedAt ? `revoked ${new Date(t.revokedAt).toISOString()}` : "live";
        console.log(`${t.id}\t${t.label}\tmade ${new Date(t.createdAt).toISOString()}\t${state}`);
      }
      return 0;
    }
    case "revoke": {
      const id = Number(args.id);
      if (!Number.isInteger(id) || id < 1) throw new UsageError("--id N is required: the token's number (token list shows them).");
      if (!(await tokens.revoke(user.id, id))) throw new AccountError("not_found", `${user.username} has no live token ${id}.`);
      console.log(`Token ${id} of ${user.username} revoked; it no longer works.`);
      return 0;
    }
    default:
      throw new UsageError(`token ${JSON.stringify(sub ?? "")}: use token add, token list or token revoke.`);
  }
}

function need(args: Args, key: "username" | "role"): string {
  const value = args[key];
  if (!value) throw new UsageError(`--${key} is required.`);
  return value;
}

async function find(accounts: Accounts, username: string): Promise<User> {
  const user = await accounts.byUsername(username);
  if (!user) throw new AccountError("not_found", `No user "${username}" (npm run users -- list shows them).`);
  return user;
}

const blank = (v: string) => (v === "" || v === "none" ? null : v);

function operations(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  if (v === "all" || v === "") return [];
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

async function password(args: Args): Promise<string> {
  const value = await readPassword({ fromStdin: args["password-stdin"] === true });
  const checked = Password.safeParse(value);
  if (!checked.success) throw new UsageError(`Password: ${checked.error.issues[0]?.message ?? "invalid"}.`);
  return checked.data;
}

function describe(u: User): string {
  const where = [u.sector && `sector ${u.sector}`, u.unitId && `unit ${u.unitId}`, u.post && `post ${u.post}`].filter(Boolean);
  const ops = u.operations.length === 0 ? "all operations" : `operations ${u.operations.join(", ")}`;
  return `${u.username} (${u.name}): ${u.role}${where.length ? `, ${where.join(", ")}` : ""}, ${ops}${u.disabled ? ", DISABLED" : ""}`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof PasswordInputError) {
      console.error(`${err.message}\n\n${err instanceof UsageError ? "Run `npm run users -- --help` for usage." : ""}`.trimEnd());
      process.exit(2);
    }
    if (err instanceof AccountError) {
      console.error(err.message);
      process.exit(err.code === "not_found" ? 3 : err.code === "conflict" ? 4 : 2);
    }
    if (err instanceof StorageUnavailable) {
      console.error(err.message);
      process.exit(1);
    }
    console.error(err);
    process.exit(1);
  },
);
