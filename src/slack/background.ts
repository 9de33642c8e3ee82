// Work done after the 3-second ack: tracked, so shutdown can finish it and
// tests can wait for it; failures are logged with ids, never with text.
import type { Logger } from '../log.js';

export class Background {
  private readonly pending = new Set<Promise<void>>();
  private failures = 0;

  constructor(private readonly log: Logger) {}

  run(surface: string, meta: Record<string, unknown>, task: () => Promise<void>): void {
    const promise: Promise<void> = task()
      .catch((error: unknown) => {
        this.failures += 1;
        const err = error instanceof Error ? error.message : String(error);
        this.log.error({ surface, ...meta, err }, 'Slack work failed after the ack');
      })
      .finally(() => this.pending.delete(promise));
    this.pending.add(promise);
  }

  get inFlight(): number {
    return this.pending.size;
  }

  get failed(): number {
    return this.failures;
  }

  /** Resolves once everything started so far (and anything it started) is done. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
