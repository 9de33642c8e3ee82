// A worker thread that triages texts for bulk imports, so redaction and
// classification (about a third of an import) run on the second core while
// the main thread clusters and writes the previous batch. It builds the same
// classifier as the main thread (same taxonomy folder and corrections, read
// from the disk cache the main thread has just written).
import { parentPort, workerData } from 'node:worker_threads';
import type { HumanExample } from '../triage/classify.js';
import { triage } from '../triage/classify.js';
import { classifierFor } from './triager.js';
import type { TriageReply, TriageRequest } from './triage-pool.js';

const { dir, human } = workerData as { dir: string; human: HumanExample[] };
const classifier = classifierFor(dir, human);

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
