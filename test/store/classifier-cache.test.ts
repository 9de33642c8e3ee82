// The on-disk cache of the built classifier: a cached load classifies exactly
// like a fresh build, a changed taxonomy or a damaged cache rebuilds, and an
// unwritable cache folder only costs speed; writing a build prunes old ones.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadClassifier } from '../../src/store/classifier-cache.js';
import { BUILT_IN_INTENTS_DIR } from '../../src/store/taxonomy-files.js';
import { triage } from '../../src/triage/classify.js';
import { BUILD_TIMEOUT } from '../support/timeouts.js';

const root = mkdtempSync(join(tmpdir(), 'frontline-cache-test-'));
const intents = join(root, 'intents');
cpSync(BUILT_IN_INTENTS_DIR, intents, { recursive: true });
const cacheDir = join(root, 'cache');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TEXTS = [
  'The ATM swallowed my debit card this morning',
  '網銀登入一直顯示驗證碼錯誤',
  '转账手续费怎么又涨了',
  // No flag keyword: the customer_rights flag comes from the flag model (0.99), which must survive the cache.
  'Customer was charged a late fee after the due date moved and wants it taken off.',
  'thanks!',
  // Office talk with a bank word: the chatter model, which must survive the cache, keeps it unclassified.
  'Can someone swap my teller shift on Friday? Dentist appointment at 2.',
  '',
];
const view = (r: ReturnType<typeof triage>) => ({ tags: r.tags, flags: r.flags, unclassified: r.unclassified });
const cacheFiles = () => readdirSync(cacheDir).filter((f) => f.startsWith('classifier-') && f.endsWith('.bin'));

// Each test trains the built-in classifier once or twice (about 30 s each, more while other tests run).
describe('classifier cache', { timeout: BUILD_TIMEOUT }, () => {
  it('builds once, then loads from the cache and classifies identically', () => {
    const built = loadClassifier({ dir: intents, cacheDir });
    expect(built.cached).toBe(false);
    expect(cacheFiles()).toHaveLength(1);
    const loaded = loadClassifier({ dir: intents, cacheDir });
    expect(loaded.cached).toBe(true);
    expect(loaded.taxonomy).toEqual(built.taxonomy);
    for (const text of TEXTS) expect(view(triage(text, loaded.classifier))).toEqual(view(triage(text, built.classifier)));
    expect(triage(TEXTS[3]!, loaded.classifier).flags.map((f) => f.flag)).toContain('customer_rights');
    expect(triage(TEXTS[5]!, loaded.classifier).unclassified).toBe(true);
  });

  it('rebuilds when a taxonomy file changes', () => {
    const file = join(intents, 'products.yaml');
    writeFileSync(file, readFileSync(file, 'utf8') + '\n# a comment changes the file\n');
    const after = loadClassifier({ dir: intents, cacheDir });
    expect(after.cached).toBe(false);
    expect(cacheFiles()).toHaveLength(2); // the older build stays until it is among the least recently used
    expect(loadClassifier({ dir: intents, cacheDir }).cached).toBe(true);
  });

  it('rebuilds from a damaged cache file without throwing', () => {
    const [file] = cacheFiles().sort((a, b) => statSync(join(cacheDir, b)).mtimeMs - statSync(join(cacheDir, a)).mtimeMs); // the build in use
    const whole = readFileSync(join(cacheDir, file!));
    writeFileSync(join(cacheDir, file!), whole.subarray(0, whole.length - 1000)); // cut short, as by a full disk
    const again = loadClassifier({ dir: intents, cacheDir });
    expect(again.cached).toBe(false);
    writeFileSync(join(cacheDir, file!), whole.subarray(0, 200)); // the header cut short
    expect(loadClassifier({ dir: intents, cacheDir }).cached).toBe(false);
    expect(again.classifier.rules.labels.length).toBeGreaterThan(0);
    expect(loadClassifier({ dir: intents, cacheDir }).cached).toBe(true);
  });

  it('shares one build between no corrections and an empty list of them (the CLI and the bot on a new database)', () => {
    expect(loadClassifier({ dir: intents, cacheDir }).cached).toBe(true);
    expect(loadClassifier({ dir: intents, cacheDir, human: [] }).cached).toBe(true);
  });

  it('keeps human corrections apart: a different set is a different build; writing one prunes the folder to the four most recently used', () => {
    const real = cacheFiles();
    expect(real).toHaveLength(2); // the first taxonomy's build and the changed one's
    // Stale builds from earlier taxonomies, all used before the real ones, and a cache of an older format.
    const stale = ['a', 'b', 'c', 'd'].map((s, i) => {
      const name = `classifier-stale-${s}.bin`;
      writeFileSync(join(cacheDir, name), 'old build');
      const when = new Date(Date.now() - (i + 1) * 86_400_000);
      utimesSync(join(cacheDir, name), when, when);
      return name;
    });
    writeFileSync(join(cacheDir, 'classifier-old-format.json'), '{}');
    const human = [{ text: 'the queue at the branch was two hours long', products: ['branch_atm'], issues: [] }];
    expect(loadClassifier({ dir: intents, cacheDir, human }).cached).toBe(false);
    const kept = cacheFiles();
    expect(kept).toHaveLength(4);
    expect(kept).toEqual(expect.arrayContaining([...real, stale[0]]));
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.json'))).toEqual([]);
    expect(loadClassifier({ dir: intents, cacheDir, human }).cached).toBe(true);
    // The bot (with corrections) and the CLI (without) share the folder without evicting each other.
    expect(loadClassifier({ dir: intents, cacheDir }).cached).toBe(true);
  });

  it('works without a writable cache folder', () => {
    const blocked = join(root, 'not-a-folder');
    writeFileSync(blocked, 'a file where the cache folder should be');
    const r = loadClassifier({ dir: intents, cacheDir: blocked });
    expect(r.cached).toBe(false);
    expect(view(triage(TEXTS[0]!, r.classifier)).unclassified).toBe(false);
  });
});
