// The main thread's side of the import's triage worker (triage-worker.ts):
// batches of texts out, triage results back, in order. Running from the
// TypeScript sources (tests), or when a worker cannot start, there is no
// worker and the pipeline triages on the main thread as before.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HumanExample } from '../triage/classify.js';
import type { TriageResult } from '../triage/types.js';

export interface TriageRequest {
  id: number;
  texts: string[];
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
    worker.on('message', (reply: TriageReply) => {
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
