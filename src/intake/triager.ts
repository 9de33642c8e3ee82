// The triage core as the pipeline uses it: redact, normalise, classify with
// the taxonomy (config FRONTLINE_INTENTS_DIR, else the built-in intents/)
// plus the human corrections stored so far. The classifier is built once per
// process for a given taxonomy and set of corrections (and cached on disk by
// src/store/classifier-cache.ts), so opening intake again costs nothing.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import { loadClassifier } from '../store/classifier-cache.js';
import type { Store } from '../store/client.js';
import { BUILT_IN_INTENTS_DIR, readHumanExamples } from '../store/taxonomy-files.js';
import { conceptsOf, triage, type Classifier, type HumanExample } from '../triage/classify.js';
import { normalize } from '../triage/normalize.js';
import { redact } from '../triage/redact/index.js';
import type { TriageResult } from '../triage/types.js';
import { TriagePool } from './triage-pool.js';
import type { Triager } from './types.js';

export interface LoadedTriager extends Triager {
  /** What clustering needs from an already-redacted stored text. */
  prepare(text: string): Pick<TriageResult, 'folded' | 'tokens' | 'concepts'>;
  readonly classifier: Classifier;
  /** What the classifier was built from, so a worker thread can build the same one (triage-pool.ts). */
  readonly source?: { dir: string; human: readonly HumanExample[] };
}

/** Built classifiers of this process, by taxonomy folder and corrections. */
const built = new Map<string, Classifier>();

/** The taxonomy folder: the configured one when it exists, else the built-in. */
export function intentsDir(config: Pick<Config, 'FRONTLINE_INTENTS_DIR'>, cwd = process.cwd()): string {
  const dir = resolve(cwd, config.FRONTLINE_INTENTS_DIR);
  return existsSync(dir) ? dir : BUILT_IN_INTENTS_DIR;
}

/** The classifier for a folder and corrections, built (or read from the disk cache) once per process. */
export function classifierFor(dir: string, human: readonly HumanExample[] = []): Classifier {
  const key = JSON.stringify([dir, human.map((h) => [h.text, h.products, h.issues, h.known ?? null])]);
  let classifier = built.get(key);
  if (!classifier) {
    classifier = loadClassifier({ dir, human }).classifier;
    built.set(key, classifier);
  }
  return classifier;
}

/**
 * The triager for the configured taxonomy and the stored corrections.
 * `offMainThread` trains on a worker first (TriagePool.prebuild), for a
 * rebuild while the bot is serving; loading then reads the disk cache.
 */
export async function loadTriager(config: Config, store: Store, options: { offMainThread?: boolean } = {}): Promise<LoadedTriager> {
  const source = { dir: intentsDir(config), human: await readHumanExamples(store.prisma) };
  if (options.offMainThread) await TriagePool.prebuild(source.dir, source.human);
  const classifier = classifierFor(source.dir, source.human);
  const redactOnly = (text: string) => {
    const r = redact(typeof text === 'string' ? text : '');
    return { redacted: r.text, redactions: r.counts, script: normalize(r.text).script };
  };
  return {
    classifier,
    source,
    redactOnly,
    triage: (text) => triage(text, classifier),
    prepare(text) {
      const n = normalize(text);
      return { folded: n.folded, tokens: n.tokens, concepts: conceptsOf(classifier, n.folded) };
    },
  };
}
