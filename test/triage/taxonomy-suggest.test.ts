// Human corrections as training data: `frontline taxonomy suggest` proposes
// keywords from the examples the rules miss (human labels in the database
// included), and the learned model learns from corrections.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/client.js';
import { readHumanExamples, readTaxonomy } from '../../src/store/taxonomy-files.js';
import { buildClassifier, triage } from '../../src/triage/classify.js';
import { suggestKeywords } from '../../src/triage/suggest.js';
import { runFrontline } from '../support/cli.js';
import { BUILD_TIMEOUT } from '../support/timeouts.js';

const dir = mkdtempSync(join(tmpdir(), 'frontline-suggest-'));
const env = { DATABASE_URL: `file:${join(dir, 'frontline.db')}` };
let store: Store;

// A made-up product word no keyword knows, used the way staff would use it.
const corrected = [
  ['The Zorbix terminal froze again at the counter', 'app_bug'],
  ['Zorbix screen went black while the customer waited', 'app_bug'],
  ['Teller says Zorbix froze twice this morning', 'app_bug'],
  ['Zorbix rebooted itself in the middle of a deposit', 'app_bug'],
] as const;

/** Enough room for Zorbix (4 missed, precision 1) among the built-in sets' own suggestions. */
const SHOW_ALL = ['--min-precision', '1', '--limit', '100'];
// Each suggest run reads every labelled text (about 12 s alone), and twice
// that while other test files share the two cores.
const SUGGEST_TIMEOUT = 120_000;

beforeAll(async () => {
  store = await openStore(env.DATABASE_URL, dir);
  let n = 0;
  for (const [text, issue] of corrected) {
    const item = await store.prisma.feedbackItem.create({
      data: { intakeKey: `t:${n++}`, source: 'import', text, contentHash: String(n), receivedAt: new Date(0), status: 'triaged' },
    });
    await store.prisma.tagAssignment.create({ data: { itemId: item.id, kind: 'issue', label: issue, confidence: 1, origin: 'human', actorId: 'U1' } });
    // A rule tag on the same item is not a human label.
    await store.prisma.tagAssignment.create({ data: { itemId: item.id, kind: 'product', label: 'cards', confidence: 0.6, origin: 'rule' } });
  }
  const deleted = await store.prisma.feedbackItem.create({
    data: { intakeKey: 't:deleted', source: 'import', text: 'Zorbix deleted item', contentHash: 'x', receivedAt: new Date(0), status: 'deleted' },
  });
  await store.prisma.tagAssignment.create({ data: { itemId: deleted.id, kind: 'issue', label: 'fraud_scam', confidence: 1, origin: 'human' } });
});
afterAll(async () => {
  await store.close();
});

describe('human corrections as examples', () => {
  it('reads human labels only, of items not deleted, with only the labelled kind known', async () => {
    const human = await readHumanExamples(store.prisma);
    expect(human).toHaveLength(4);
    expect(human[0]).toMatchObject({ text: corrected[0][0], products: [], issues: ['app_bug'], known: ['issue'] });
  });

  it('taxonomy suggest proposes the word the rules keep missing, from the database', async () => {
    // The built-in sets have dozens of words missed as often or more (ranked by
    // how often): keep only those always with the label, and ask for up to 100.
    const r = await runFrontline(['taxonomy', 'suggest', '--label', 'app_bug', ...SHOW_ALL, '--json'], env, dir);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { human: number; labels: { label: string; missed: number; suggestions: { keyword: string; missed: number; precision: number }[] }[] };
    expect(out.human).toBe(4);
    expect(out.labels).toHaveLength(1);
    const zorbix = out.labels[0]!.suggestions.find((s) => s.keyword === 'zorbix');
    expect(zorbix).toMatchObject({ missed: 4, precision: 1 });
    // Without the database there is nothing about Zorbix to suggest.
    const noDb = JSON.parse((await runFrontline(['taxonomy', 'suggest', '--label', 'app_bug', ...SHOW_ALL, '--json', '--no-db'], env, dir)).stdout) as typeof out;
    expect(noDb.labels[0]!.suggestions.map((s) => s.keyword)).not.toContain('zorbix');
  }, SUGGEST_TIMEOUT);

  it('text output, and an unknown label is a clear error', async () => {
    const r = await runFrontline(['taxonomy', 'suggest', '--label', 'app_bug', ...SHOW_ALL], env, dir);
    expect(r.stdout).toMatch(/app_bug: missed \d+ of \d+/);
    expect(r.stdout).toContain('+ "zorbix"  in 4 missed, precision 1.00');
    const bad = await runFrontline(['taxonomy', 'suggest', '--label', 'nope'], env, dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("unknown label 'nope'");
  }, SUGGEST_TIMEOUT);

  it('the learned model learns from corrections: a text with no keyword for the issue gets tagged', async () => {
    const taxonomy = readTaxonomy();
    const human = await readHumanExamples(store.prisma);
    const text = 'Zorbix froze on the teller';
    expect(triage(text, buildClassifier(taxonomy)).tags.map((t) => t.label)).not.toContain('app_bug');
    const tag = triage(text, buildClassifier(taxonomy, { human })).tags.find((t) => t.label === 'app_bug');
    expect(tag).toMatchObject({ origin: 'model' });
    expect(tag!.confidence).toBeGreaterThanOrEqual(0.5);
    expect(tag!.reasons.map((r) => r.toLowerCase())).toContain('zorbix');
    const taught = buildClassifier(taxonomy, { human, learn: false });
    expect(suggestKeywords(taught, human, { label: 'app_bug' })[0]!.examples).toBe(4);
  }, 2 * BUILD_TIMEOUT); // two builds of the built-in classifier
});
