// `frontline eval cluster`: the agreed JSON fields, a seeded shuffled arrival
// order by default (the same figures on every run), the file's order on
// request, and one clear line for a bad option.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shuffledIndices } from '../../src/triage/seeded-random.js';
import { runFrontline } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'frontline-eval-cluster-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...argv: string[]) => runFrontline(argv, {}, dir);

// Sorted by label, as BANKING77's files are.
const TOPICS: Record<string, string[]> = {
  card: ['card', 'arrived', 'delivery', 'post', 'waiting'],
  fee: ['fee', 'charged', 'transfer', 'commission', 'extra'],
  app: ['app', 'crash', 'login', 'update', 'screen'],
};
const lines = ['text,category'];
for (const [label, words] of Object.entries(TOPICS)) {
  for (let i = 0; i < 12; i++) lines.push(`"my ${words[i % 5]} and ${words[(i + 2) % 5]} problem",${label}`);
}
writeFileSync(join(dir, 'sorted.csv'), lines.join('\n') + '\n');

const scores = (stdout: string) => {
  const { seconds, ...rest } = JSON.parse(stdout) as Record<string, number>;
  expect(seconds).toBeGreaterThanOrEqual(0);
  return rest;
};

describe('frontline eval cluster', () => {
  it('prints the agreed fields, and the same figures on every run (seeded shuffle)', async () => {
    const first = await cli('eval', 'cluster', '--input', 'sorted.csv', '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(Object.keys(JSON.parse(first.stdout)).sort()).toEqual(['bcubed_f1', 'bcubed_precision', 'bcubed_recall', 'clusters', 'items', 'nmi', 'seconds']);
    expect(scores(first.stdout)).toMatchObject({ items: 36 });
    const again = await cli('eval', 'cluster', '--input', 'sorted.csv', '--json');
    expect(scores(again.stdout)).toEqual(scores(first.stdout));
    const file = await cli('eval', 'cluster', '--input', 'sorted.csv', '--order', 'file', '--json');
    expect(file.code).toBe(0);
    expect(scores(file.stdout)).toMatchObject({ items: 36 });
    // Arrival order matters to an incremental clusterer: some seed's order is not the file's.
    const seeded = await Promise.all([1, 2, 3].map((seed) => cli('eval', 'cluster', '--input', 'sorted.csv', '--seed', String(seed), '--json')));
    expect(seeded.map((run) => scores(run.stdout)).some((s) => JSON.stringify(s) !== JSON.stringify(scores(file.stdout)))).toBe(true);
  }, 30_000);

  it.each([
    [['--order', 'sorted'], '--order must be shuffled or file'],
    [['--seed', 'abc'], '--seed must be a whole number'],
    [['--seed', '1.5'], '--seed must be a whole number'],
    [['--seed', '0x10'], '--seed must be a whole number'],
    [['--seed', '4294967296'], '--seed must be a whole number from 0 to 4294967295'],
    [['--order', 'file', '--seed', '3'], '--seed applies to --order shuffled only'],
  ])('refuses %j in one line', async (extra, message) => {
    const run = await cli('eval', 'cluster', '--input', 'sorted.csv', ...extra);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('shuffledIndices', () => {
  it('is a permutation, the same for the same seed and different for another', () => {
    const a = shuffledIndices(100, 7);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(shuffledIndices(100, 7)).toEqual(a);
    expect(shuffledIndices(100, 8)).not.toEqual(a);
    expect(shuffledIndices(0, 7)).toEqual([]);
  });
});
