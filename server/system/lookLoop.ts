/**
 * The timer of the server's watchers (attendance, Bronze acknowledgement, sectors, entrances):
 * `look` every `everyMs` (0: only when a test calls it), one look at a time, so that a slow
 * append does not pile up looks behind it. The timer does not hold the process open.
 */
export class LookLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly everyMs: number,
    private readonly look: () => Promise<unknown>,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    if (this.everyMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.running ??= this.look()
        .catch(this.onError)
        .finally(() => {
          this.running = null;
        });
    }, this.everyMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a look under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
