// Runs async jobs one at a time, in order. The intake pipeline uses it so
// in-memory cluster state and the database never disagree mid-write.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  run<T>(job: () => Promise<T>): Promise<T> {
    this.pending += 1;
    // Each job starts in a fresh macrotask: with a synchronous database driver a
    // chain of queued jobs would otherwise run back to back as microtasks and
    // keep the event loop from accepting requests (Slack acks) until it drains.
    const start = () => new Promise<void>((resolve) => setImmediate(resolve)).then(job);
    const result = this.tail.then(start, start);
    this.tail = result.then(
      () => (this.pending -= 1),
      () => (this.pending -= 1),
    );
    return result;
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.pending;
  }

  /** Resolves when everything queued so far has finished. */
  async drain(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }
}
