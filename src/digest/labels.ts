// Display names of product and issue labels for the digest, from the taxonomy
// (intents/*.yaml). Falls back to the label id when the taxonomy can't be read:
// a digest with raw ids beats no digest.
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import { readTaxonomy } from '../store/taxonomy-files.js';
import { labelIdNamer, type LabelNamer } from './build.js';

export function taxonomyLabelNamer(config: Pick<Config, 'FRONTLINE_INTENTS_DIR'>, cwd: string): LabelNamer {
  let names: Map<string, Record<string, string>>;
  try {
    names = new Map(readTaxonomy(resolve(cwd, config.FRONTLINE_INTENTS_DIR)).labels.map((l) => [l.id, l.names]));
  } catch {
    try {
      names = new Map(readTaxonomy().labels.map((l) => [l.id, l.names]));
    } catch {
      return labelIdNamer;
    }
  }
  return (label, language) => names.get(label)?.[language] ?? labelIdNamer(label, language);
}
