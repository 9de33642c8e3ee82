// The built classifier, cached on disk so a process starts classifying in a
// fraction of the time that parsing YAML, validating it and training the
// learned models take. The cache holds the validated taxonomy, the trained
// models and the fitted confidence coefficients; the keyword matcher is
// compiled from the taxonomy on load (cheap). It is keyed by a hash of the
// taxonomy files, the human corrections, the build options and the compiled
// code of the classifier, so any change rebuilds it. A missing, stale or
// unreadable cache is rebuilt; a cache that cannot be written is skipped.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClassifier, type BuildOptions, type Classifier } from '../triage/classify.js';
import { type Coefficients } from '../triage/combine.js';
import { type LearnedModel } from '../triage/learned.js';
import { LinearModel, type SerializedLinearModel } from '../triage/model/index.js';
import { compileRules } from '../triage/rules.js';
import { loadTaxonomy, type Taxonomy, type TaxonomySource } from '../triage/taxonomy.js';
import type { TagKind } from '../triage/types.js';
import { BUILT_IN_INTENTS_DIR, readTaxonomySources } from './taxonomy-files.js';

const FORMAT = 'frontline-classifier-cache/1';
/** `<project>/.cache/frontline` (works from src/ under tsx and from dist/). */
export const DEFAULT_CACHE_DIR = fileURLToPath(new URL('../../.cache/frontline', import.meta.url));
const TRIAGE_CODE_DIR = fileURLToPath(new URL('../triage', import.meta.url));

interface CacheFile {
  format: typeof FORMAT;
  taxonomy: Taxonomy;
  coefficients: Record<TagKind, Coefficients>;
  models: Partial<Record<TagKind, SerializedLinearModel>>;
}

export interface LoadClassifierOptions extends BuildOptions {
  /** Taxonomy folder (default: the built-in intents/). */
  dir?: string;
  /** Where cached builds live; false to always build. */
  cacheDir?: string | false;
}

export interface LoadedClassifier {
  classifier: Classifier;
  taxonomy: Taxonomy;
  /** True when the build came from the cache. */
  cached: boolean;
}

/** The classifier for a taxonomy folder: from the cache when it is current, else built (and cached). */
export function loadClassifier(options: LoadClassifierOptions = {}): LoadedClassifier {
  const { dir = BUILT_IN_INTENTS_DIR, cacheDir = DEFAULT_CACHE_DIR, ...build } = options;
  const sources = readTaxonomySources(dir);
  const file = cacheDir === false ? undefined : join(cacheDir, `classifier-${cacheKey(sources, build)}.json`);
  if (file !== undefined) {
    const hit = readCache(file);
    if (hit) return { ...hit, cached: true };
  }
  const taxonomy = loadTaxonomy(sources);
  const classifier = buildClassifier(taxonomy, build);
  if (file !== undefined && cacheDir !== false) writeCache(cacheDir, file, taxonomy, classifier);
  return { classifier, taxonomy, cached: false };
}

function cacheKey(sources: readonly TaxonomySource[], build: BuildOptions): string {
  const hash = createHash('sha256');
  hash.update(FORMAT);
  hash.update(JSON.stringify(build));
  for (const s of sources) hash.update(`\0${s.file}\0${s.text}`);
  // The classifier code itself: a rebuilt triage module invalidates the cache.
  for (const f of codeFiles(TRIAGE_CODE_DIR)) hash.update(`\0${f.path}\0${f.size}\0${f.mtimeMs}`);
  return hash.digest('hex').slice(0, 24);
}

function codeFiles(dir: string): { path: string; size: number; mtimeMs: number }[] {
  const out: { path: string; size: number; mtimeMs: number }[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) out.push(...codeFiles(path));
    else if (/\.(js|ts)$/.test(name)) out.push({ path: name, size: stat.size, mtimeMs: stat.mtimeMs });
  }
  return out;
}

function readCache(file: string): Omit<LoadedClassifier, 'cached'> | undefined {
  let parsed: CacheFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (parsed.format !== FORMAT) return undefined;
    const models: Classifier['models'] = {};
    for (const kind of ['product', 'issue'] as const) {
      const json = parsed.models[kind];
      if (json) models[kind] = { kind, model: LinearModel.fromJSON(json) } satisfies LearnedModel;
    }
    const classifier: Classifier = { rules: compileRules(parsed.taxonomy), models, coefficients: parsed.coefficients };
    return { classifier, taxonomy: parsed.taxonomy };
  } catch {
    return undefined; // missing or unreadable: rebuild
  }
}

function writeCache(dir: string, file: string, taxonomy: Taxonomy, classifier: Classifier): void {
  const content: CacheFile = {
    format: FORMAT,
    taxonomy,
    coefficients: classifier.coefficients,
    models: Object.fromEntries(Object.entries(classifier.models).map(([kind, m]) => [kind, m.model.toJSON()])),
  };
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    // Older builds are useless once the key changes.
    for (const name of readdirSync(dir)) if (name.startsWith('classifier-') && name.endsWith('.json')) unlinkSync(join(dir, name));
    writeFileSync(temp, JSON.stringify(content));
    renameSync(temp, file);
  } catch {
    // A read-only checkout still works, just without the cache.
    try {
      unlinkSync(temp);
    } catch {
      /* nothing written */
    }
  }
}
