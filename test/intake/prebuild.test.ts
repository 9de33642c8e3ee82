// Training off the main thread: after a PM's relabel or new keyword the bot
// rebuilds its classifier on a worker thread (TriagePool.prebuild), which
// leaves the build in the disk cache; the main thread then only loads it, so
// it keeps answering Slack meanwhile. The worker is the compiled one in dist/
// (what `npm start` runs; `npm install` builds it), so this test loads the
// compiled modules too: their cache keys follow their own code.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_IN_INTENTS_DIR } from '../../src/store/taxonomy-files.js';

type Pool = typeof import('../../src/intake/triage-pool.js');
type Cache = typeof import('../../src/store/classifier-cache.js');
type Classify = typeof import('../../src/triage/classify.js');
const dist = (path: string) => new URL(`../../dist/${path}`, import.meta.url).href;

const root = mkdtempSync(join(tmpdir(), 'frontline-prebuild-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
// The taxonomy without its labelled sets: the same code path, built in a second or two.
const intents = join(root, 'intents');
cpSync(BUILT_IN_INTENTS_DIR, intents, { recursive: true, filter: (src) => !src.includes('labelled') });
const human = [{ text: 'the zephyr widget keeps buzzing', products: ['digital_channels'], issues: ['app_bug'] }];

describe('building the classifier on a worker thread', () => {
  it('leaves the build in the cache, and loading it classifies like a build in place', async () => {
    const { TriagePool } = (await import(dist('intake/triage-pool.js'))) as Pool;
    const { loadClassifier } = (await import(dist('store/classifier-cache.js'))) as Cache;
    const { triage } = (await import(dist('triage/classify.js'))) as Classify;
    const cacheDir = join(root, 'cache');
    expect(await TriagePool.prebuild(intents, human, cacheDir)).toBe(true);
    const loaded = loadClassifier({ dir: intents, human, cacheDir });
    expect(loaded.cached).toBe(true);
    const inPlace = loadClassifier({ dir: intents, human, cacheDir: false });
    for (const text of ['the zephyr widget keeps buzzing', 'ATM 吞了我的卡', 'thanks!']) {
      expect(triage(text, loaded.classifier).tags).toEqual(triage(text, inPlace.classifier).tags);
    }
  }, 120_000);

  it('reports a failed build as false, without throwing, and caches nothing', async () => {
    const { TriagePool } = (await import(dist('intake/triage-pool.js'))) as Pool;
    const broken = join(root, 'broken');
    cpSync(intents, broken, { recursive: true });
    writeFileSync(join(broken, 'products.yaml'), 'kind: product\nlabels: [ {');
    const cacheDir = join(root, 'cache-broken');
    expect(await TriagePool.prebuild(broken, [], cacheDir)).toBe(false);
    const { readdirSync, existsSync } = await import('node:fs');
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
  }, 60_000);
});
