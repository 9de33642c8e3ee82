// The triage core as the pipeline uses it: redact, normalise, classify.
import type { Config } from '../config.js';
import type { Store } from '../store/client.js';
import { normalize } from '../triage/normalize.js';
import { redact } from '../triage/redact/index.js';
import type { TriageResult } from '../triage/types.js';
import type { Triager } from './pipeline.js';

export interface LoadedTriager extends Triager {
  /** What clustering needs from an already-redacted stored text. */
  prepare(text: string): Pick<TriageResult, 'folded' | 'tokens' | 'concepts'>;
}

export async function loadTriager(_config: Config, _store: Store): Promise<LoadedTriager> {
  const redactOnly = (text: string) => {
    const r = redact(text);
    return { redacted: r.text, redactions: r.counts, script: normalize(r.text).script };
  };
  return {
    redactOnly,
    triage(text) {
      const base = redactOnly(text);
      const n = normalize(base.redacted);
      return { ...base, tags: [], flags: [], unclassified: true, concepts: [], folded: n.folded, tokens: n.tokens };
    },
    prepare(text) {
      const n = normalize(text);
      return { folded: n.folded, tokens: n.tokens, concepts: [] };
    },
  };
}
