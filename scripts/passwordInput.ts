import readline from "node:readline";
import { Writable } from "node:stream";

/** A password could not be read (no terminal and no --password-stdin, a mismatch, a cancel). */
export class PasswordInputError extends Error {}

/**
 * The password for the users CLI: the first line of stdin with --password-stdin (for scripts:
 * `printf '%s\n' "$PW" | npm run users -- add … --password-stdin`), else asked twice on the
 * terminal without echo. Never from argv, where it would stay in the shell history and `ps`.
 */
export async function readPassword(opts: { fromStdin: boolean }): Promise<string> {
  if (opts.fromStdin) {
    const text = await readAll(process.stdin);
    const line = text.split(/\r?\n/)[0] ?? "";
    if (!line) throw new PasswordInputError("--password-stdin: stdin was empty; give the password as its first line.");
    return line;
  }
  if (!process.stdin.isTTY) {
    throw new PasswordInputError("stdin is not a terminal, so there is no one to ask: pass the password on stdin with --password-stdin.");
  }
  const first = await askHidden("Password (at least 12 characters): ");
  const again = await askHidden("Same password again: ");
  if (first !== again) throw new PasswordInputError("The two passwords differ; nothing was changed.");
  return first;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** A prompt on stderr whose answer is not echoed. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let muted = false;
    const output = new Writable({
      write(chunk, _encoding, done) {
        if (!muted) process.stderr.write(chunk);
        done();
      },
    });
    const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
    rl.on("SIGINT", () => {
      rl.close();
      reject(new PasswordInputError("Cancelled; nothing was changed."));
    });
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
    muted = true;
  });
}
