// The built classifier, cached on disk so a process starts classifying in a
// fraction of the time that parsing YAML, validating it and training the
// learned models take. The cache holds the validated taxonomy (without the
// labelled sets, which only train), the keyword rules with their keywords
// already folded and stemmed (about 100 ms of a cold start otherwise), the
// trained models and the fitted confidence coefficients. One file: a JSON
// header (the taxonomy and the rules, about half a megabyte), then each
// model's binary form (serialize.ts) as is, so loading parses no tens of
// megabytes of JSON or base64.
// It is keyed by a hash of the taxonomy files, the human corrections, the
// build options and the compiled code of the classifier, so any change
// rebuilds it. A missing, stale or
// unreadable cache is rebuilt; a cache that cannot be written is skipped.
// A folder keeps the few most recently used builds (KEEP_BUILDS).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClassifier, type BuildOptions, type Classifier } from '../triage/classify.js';
import { type Coefficients } from '../triage/combine.js';
import { type LearnedModel } from '../triage/learned.js';
import { LinearModel } from '../triage/model/index.js';
import { align4 } from '../triage/model/serialize.js';
import { restoreRules, rulesData, type RulesData } from '../triage/rules.js';
import { loadTaxonomy, type Taxonomy } from '../triage/taxonomy.js';
import { TAG_KINDS, type TagKind } from '../triage/types.js';
import { BUILT_IN_INTENTS_DIR, decodeTaxonomyFiles, readTaxonomyFiles, type TaxonomyFile } from './taxonomy-files.js';

const FORMAT = 'frontline-classifier-cache/3';
/**
 * Builds kept per cache folder, the most recently used first. More than one:
 * the bot (with its human corrections) and the CLI (without) share the folder,
 * and evicting each other's build would cost a 20-second rebuild every time.
 */
const KEEP_BUILDS = 4;
const MAGIC = 'FLC2';
/** `<project>/.cache/frontline` (works from src/ under tsx and from dist/). */
export const DEFAULT_CACHE_DIR = fileURLToPath(new URL('../../.cache/frontline', import.meta.url));
const TRIAGE_CODE_DIR = fileURLToPath(new URL('../triage', import.meta.url));

/**
 * The JSON header of a cache file; each model is [offset, length] of its bytes
 * after the header, keyed by tag kind, or `flags` for the must-do flag model.
 */
interface CacheHeader {
  format: typeof FORMAT;
  taxonomy: Taxonomy;
  coefficients: Record<TagKind, Coefficients>;
  /** The keyword rules as compiled from `taxonomy`. */
  rules: RulesData;
  models: Record<string, [number, number]>;
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
  const files = readTaxonomyFiles(dir);
  const file = cacheDir === false ? undefined : join(cacheDir, `classifier-${cacheKey(files, build)}.bin`);
  if (file !== undefined) {
    const hit = readCache(file);
    if (hit) {
      markUsed(file);
      return { ...hit, cached: true };
    }
  }
  const full = loadTaxonomy(decodeTaxonomyFiles(files));
  const classifier = buildClassifier(full, build);
  // The labelled sets have trained the model; callers get what a cached load gives.
  const taxonomy: Taxonomy = { ...full, labelled: undefined };
  if (file !== undefined && cacheDir !== false) writeCache(cacheDir, file, taxonomy, classifier);
  return { classifier, taxonomy, cached: false };
}

function cacheKey(files: readonly TaxonomyFile[], build: BuildOptions): string {
  const hash = createHash('sha256');
  hash.update(FORMAT);
  // No corrections is no corrections: the CLI (and `npm install`'s warm-up) and the bot share a build.
  const { human, ...rest } = build;
  hash.update(JSON.stringify(human && human.length > 0 ? build : rest));
  for (const f of files) {
    hash.update(`\0${f.file}\0${f.bytes.length}\0`);
    hash.update(f.bytes);
  }
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

/** Marks a build as just used (its mtime), so pruning keeps it. */
function markUsed(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    /* a read-only cache still loads */
  }
}

/** Deletes all but the KEEP_BUILDS most recently used builds, and any cache of an older format (.json). */
function pruneBuilds(dir: string): void {
  const names = readdirSync(dir).filter((name) => name.startsWith('classifier-'));
  for (const name of names) if (name.endsWith('.json')) unlinkSync(join(dir, name));
  const builds = names
    .filter((name) => name.endsWith('.bin'))
    .map((name) => ({ name, used: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const { name } of builds.slice(KEEP_BUILDS)) unlinkSync(join(dir, name));
}

function readCache(file: string): Omit<LoadedClassifier, 'cached'> | undefined {
  try {
    const bytes = readFileSync(file);
    if (bytes.length < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) return undefined;
    const headerLength = bytes.readUInt32LE(4);
    const header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)) as CacheHeader;
    if (header.format !== FORMAT) return undefined;
    const body = align4(8 + headerLength);
    const model = (key: string): LinearModel | undefined => {
      const at = header.models[key];
      if (!at) return undefined;
      const [offset, length] = at;
      if (body + offset + length > bytes.length) throw new Error('cut short');
      return LinearModel.fromBytes(bytes.subarray(body + offset, body + offset + length));
    };
    const models: Classifier['models'] = {};
    for (const kind of TAG_KINDS) {
      const m = model(kind);
      if (m) models[kind] = { kind, model: m } satisfies LearnedModel;
    }
    const flagModel = model('flags');
    const chatterModel = model('chatter');
    const classifier: Classifier = {
      rules: restoreRules(header.taxonomy, header.rules),
      models,
      coefficients: header.coefficients,
      ...(flagModel ? { flagModel } : {}),
      ...(chatterModel ? { chatterModel } : {}),
    };
    return { classifier, taxonomy: header.taxonomy };
  } catch {
    return undefined; // missing or unreadable: rebuild
  }
}

function writeCache(dir: string, file: string, taxonomy: Taxonomy, classifier: Classifier): void {
  const parts: { offset: number; bytes: Uint8Array }[] = [];
  const models: CacheHeader['models'] = {};
  // Model bytes start on 4-byte boundaries, so their typed arrays load as views, not copies.
  let offset = 0;
  const all = new Map<string, LinearModel>(Object.values(classifier.models).map((m) => [m.kind, m.model]));
  if (classifier.flagModel) all.set('flags', classifier.flagModel);
  if (classifier.chatterModel) all.set('chatter', classifier.chatterModel);
  for (const [key, m] of all) {
    const bytes = m.toBytes();
    models[key] = [offset, bytes.length];
    parts.push({ offset, bytes });
    offset = align4(offset + bytes.length);
  }
  const header: CacheHeader = { format: FORMAT, taxonomy, coefficients: classifier.coefficients, rules: rulesData(classifier.rules), models };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const body = align4(8 + json.length);
  const out = Buffer.alloc(body + offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  for (const part of parts) out.set(part.bytes, body + part.offset);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, out);
    renameSync(temp, file);
    pruneBuilds(dir);
  } catch {
    // A read-only checkout still works, just without the cache.
    try {
      unlinkSync(temp);
    } catch {
      /* nothing written */
    }
  }
}
