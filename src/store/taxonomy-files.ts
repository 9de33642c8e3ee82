// Reads the taxonomy YAML files (intents/*.yaml and intents/examples/*.yaml)
// and hands them to the pure loader in src/triage/taxonomy.ts. Also writes a
// keyword into a label's file (for `taxonomy suggest --apply`-style tools).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTaxonomy, TaxonomyError, type Taxonomy, type TaxonomySource } from '../triage/taxonomy.js';

/** The taxonomy shipped with Frontline (works from src/ under tsx and from dist/). */
export const BUILT_IN_INTENTS_DIR = fileURLToPath(new URL('../../intents', import.meta.url));

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/i.test(name)) out.push(path);
  }
  return out;
}

/** Every YAML file under `dir`, named relative to it in errors. */
export function readTaxonomySources(dir: string): TaxonomySource[] {
  const root = resolve(dir);
  let files: string[];
  try {
    files = yamlFiles(root);
  } catch {
    throw new TaxonomyError(dir, ['cannot read the taxonomy folder']);
  }
  if (files.length === 0) throw new TaxonomyError(dir, ['no .yaml files in the taxonomy folder']);
  return files.map((file) => ({ file: relative(root, file), text: readFileSync(file, 'utf8') }));
}

export function readTaxonomy(dir: string = BUILT_IN_INTENTS_DIR): Taxonomy {
  return loadTaxonomy(readTaxonomySources(dir));
}
