/**
 * A promise-chain lock: callers run one at a time, in arrival order. Used per operation so that
 * a client's catch-up and the broadcast of a new batch never interleave.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => {});
    return result;
  }
}
