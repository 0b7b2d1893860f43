import { vi } from "vitest";

/**
 * Waits for a state the system reaches on its own (another process following the log, a frame
 * arriving), checked as it changes: bounded, and failing with what it waited for. Usable in
 * hooks as well as tests.
 */
export async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  await vi.waitFor(
    () => {
      if (!check()) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    },
    { timeout: ms, interval: 10 },
  );
}
