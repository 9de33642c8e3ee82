// A worker thread that triages texts for bulk imports, so redaction and
// classification (about a third of an import) run on the second core while
// the main thread clusters and writes the previous batch. It builds the same
// classifier as the main thread (same taxonomy folder and corrections, read
// from the disk cache the main thread has just written). It also serves to
// build a classifier off the main thread (TriagePool.prebuild): it says it is
// ready once the classifier is built and cached.
import { parentPort, workerData } from 'node:worker_threads';
import type { HumanExample } from '../triage/classify.js';
import { triage } from '../triage/classify.js';
import { loadClassifier } from '../store/classifier-cache.js';
import type { TriageReply, TriageRequest, WorkerReady } from './triage-pool.js';

const { dir, human, cacheDir } = workerData as { dir: string; human: HumanExample[]; cacheDir?: string };
const classifier = loadClassifier({ dir, human, ...(cacheDir !== undefined ? { cacheDir } : {}) }).classifier;
parentPort!.postMessage({ ready: true } satisfies WorkerReady);

parentPort!.on('message', (request: TriageRequest) => {
  const results = request.texts.map((text) => {
    try {
      return triage(text, classifier);
    } catch {
      return null; // the main thread triages it again and records the failure
    }
  });
  parentPort!.postMessage({ id: request.id, results } satisfies TriageReply);
});
