import type { Response } from "express";

/** Bytes gathered before one res.write: big enough to keep syscalls few, small enough to stream. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Writes an export as it is produced: parts from a (sync or async) generator are gathered into
 * ~64 KB writes, waiting for the socket to drain when its buffer is full, so a long export never
 * sits whole in memory. Stops reading as soon as the client goes away; a failure half-way
 * destroys the response (the client sees a truncated download, never a silently short file).
 */
export async function streamParts(res: Response, parts: Iterable<string> | AsyncIterable<string>): Promise<void> {
  let gone = false;
  res.once("close", () => {
    gone = true;
  });
  let buffered: string[] = [];
  let size = 0;
  const flush = async () => {
    if (buffered.length === 0) return;
    const chunk = buffered.join("");
    buffered = [];
    size = 0;
    if (!res.write(chunk) && !gone) await drained(res);
  };
  try {
    for await (const part of parts) {
      if (gone) return;
      buffered.push(part);
      size += part.length;
      if (size >= CHUNK_BYTES) await flush();
    }
    await flush();
    res.end();
  } catch (err) {
    res.destroy(err as Error);
    throw err;
  }
}

/** Resolves when the socket can take more, or is gone. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done).off("close", done);
      resolve();
    };
    res.on("drain", done).on("close", done);
  });
}
