// Reads the taxonomy files (intents/*.yaml, intents/examples/*.yaml and the
// labelled sets intents/labelled/*/*.jsonl) and hands them to the pure loader
// in src/triage/taxonomy.ts; reads the human tag corrections stored in the
// database as labelled examples.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HumanExample } from '../triage/classify.js';
import { loadTaxonomy, TaxonomyError, type Taxonomy, type TaxonomySource } from '../triage/taxonomy.js';
import type { TagKind } from '../triage/types.js';
import type { PrismaClient } from './client.js';

/** The taxonomy shipped with Frontline (works from src/ under tsx and from dist/). */
export const BUILT_IN_INTENTS_DIR = fileURLToPath(new URL('../../intents', import.meta.url));

function taxonomyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...taxonomyFiles(path));
    else if (/\.(ya?ml|jsonl)$/i.test(name)) out.push(path);
  }
  return out;
}

/** A taxonomy file as read from disk, named relative to the taxonomy folder. */
export interface TaxonomyFile {
  file: string;
  bytes: Buffer;
}

/**
 * Every YAML and JSON-lines file under `dir`, undecoded: the classifier cache
 * keys on the bytes and decodes them only when it has to build (decoding the
 * labelled sets' ~5 million characters costs a cold start tens of ms).
 */
export function readTaxonomyFiles(dir: string): TaxonomyFile[] {
  const root = resolve(dir);
  let files: string[];
  try {
    files = taxonomyFiles(root);
  } catch {
    throw new TaxonomyError(dir, ['cannot read the taxonomy folder']);
  }
  if (!files.some((f) => /\.ya?ml$/i.test(f))) throw new TaxonomyError(dir, ['no .yaml files in the taxonomy folder']);
  return files.map((file) => ({ file: relative(root, file), bytes: readFileSync(file) }));
}

export function decodeTaxonomyFiles(files: readonly TaxonomyFile[]): TaxonomySource[] {
  return files.map(({ file, bytes }) => ({ file, text: bytes.toString('utf8') }));
}

/** Every YAML and JSON-lines file under `dir`, named relative to it in errors. */
export function readTaxonomySources(dir: string): TaxonomySource[] {
  return decodeTaxonomyFiles(readTaxonomyFiles(dir));
}

export function readTaxonomy(dir: string = BUILT_IN_INTENTS_DIR): Taxonomy {
  return loadTaxonomy(readTaxonomySources(dir));
}

/**
 * Human tag corrections (TagAssignment rows with origin 'human', on items not
 * deleted) as labelled texts: training examples for the learned model and for
 * `frontline taxonomy suggest`. Texts are the stored, redacted ones. Only the
 * kinds a human actually labelled are known for an item.
 */
export async function readHumanExamples(prisma: PrismaClient): Promise<HumanExample[]> {
  const rows = await prisma.tagAssignment.findMany({
    where: { origin: 'human', item: { status: { not: 'deleted' } } },
    select: { itemId: true, kind: true, label: true, item: { select: { text: true } } },
    orderBy: [{ itemId: 'asc' }, { id: 'asc' }],
  });
  const byItem = new Map<number, HumanExample & { known: TagKind[] }>();
  for (const r of rows) {
    if (r.kind !== 'product' && r.kind !== 'issue') continue;
    let e = byItem.get(r.itemId);
    if (!e) byItem.set(r.itemId, (e = { text: r.item.text, products: [], issues: [], known: [], origin: 'human' }));
    const list = r.kind === 'product' ? e.products : e.issues;
    if (!list.includes(r.label)) list.push(r.label);
    if (!e.known.includes(r.kind)) e.known.push(r.kind);
  }
  return [...byItem.values()].filter((e) => e.text.trim() !== '');
}
