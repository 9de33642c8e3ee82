// The main thread's side of the triage worker (triage-worker.ts): for an
// import, batches of texts out and triage results back, in order; for a
// rebuild after new human labels or keywords, training off the main thread
// (prebuild). Running from the TypeScript sources (tests), or when a worker
// cannot start, there is no worker and the main thread does the work as before.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HumanExample } from '../triage/classify.js';
import type { TriageResult } from '../triage/types.js';

export interface TriageRequest {
  id: number;
  texts: string[];
}

/** The worker's first message: its classifier is built (and in the disk cache). */
export interface WorkerReady {
  ready: true;
}

export interface TriageReply {
  id: number;
  /** null where triage threw (the main thread retries it and records the failure). */
  results: (TriageResult | null)[];
}

const WORKER_FILE = new URL('./triage-worker.js', import.meta.url);

export class TriagePool {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (r: (TriageResult | null)[]) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: TriageReply | WorkerReady) => {
      if (!('id' in reply)) return;
      const entry = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      entry?.resolve(reply.results);
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const entry of this.waiting.values()) entry.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.waiting.size > 0) fail(new Error(`the triage worker exited (${code})`));
    });
  }

  /** A pool for this classifier, or undefined where no compiled worker exists (running from sources). */
  static start(dir: string, human: readonly HumanExample[]): TriagePool | undefined {
    if (!existsSync(fileURLToPath(WORKER_FILE))) return undefined;
    return new TriagePool(new Worker(WORKER_FILE, { workerData: { dir, human } }));
  }

  /**
   * Builds the classifier for this taxonomy and these corrections on a worker
   * thread, which writes it to the disk cache, so that training (seconds) does
   * not stall the bot's event loop; loading it afterwards reads the cache.
   * Resolves false where there is no compiled worker or the build failed: the
   * caller then builds in place, and reports any error itself.
   */
  static prebuild(dir: string, human: readonly HumanExample[], cacheDir?: string): Promise<boolean> {
    if (!existsSync(fileURLToPath(WORKER_FILE))) return Promise.resolve(false);
    return new Promise((resolve) => {
      const worker = new Worker(WORKER_FILE, { workerData: { dir, human, cacheDir } });
      worker.once('message', () => {
        resolve(true);
        void worker.terminate();
      });
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false)); // no effect once resolved
    });
  }

  /** Triage results for the texts, in order (null where triage threw). */
  triage(texts: string[]): Promise<(TriageResult | null)[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, texts } satisfies TriageRequest);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
