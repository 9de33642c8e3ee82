// Runs async jobs one at a time, in order. The intake pipeline uses it so
// in-memory cluster state and the database never disagree mid-write.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  run<T>(job: () => Promise<T>): Promise<T> {
    this.pending += 1;
    const result = this.tail.then(job, job);
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
