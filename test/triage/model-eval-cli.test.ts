// `frontline eval classify`: learns from one CSV, scores another, prints the
// agreed JSON; missing files, columns and unusable data give one clear line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scorePredictions } from '../../src/cli/commands/eval-classify.js';
import { runFrontline } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'frontline-eval-classify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...argv: string[]) => runFrontline(argv, {}, dir);

const TOPICS: Record<string, string[]> = {
  card: ['card', 'lost', 'stolen', 'blocked', 'pin'],
  fee: ['fee', 'charged', 'commission', 'transfer', 'expensive'],
  app: ['app', 'login', 'crash', 'password', 'update'],
};

function csv(perLabel: number, offset: number, header = 'text,category'): string {
  const lines = [header];
  for (let i = 0; i < perLabel; i++) {
    for (const [label, words] of Object.entries(TOPICS)) {
      const w = (k: number) => words[(i * 3 + k + offset) % words.length]!;
      lines.push(`"my ${w(0)} and ${w(1)} problem, ${w(2)} again",${label}`);
    }
  }
  return lines.join('\n') + '\n';
}

writeFileSync(join(dir, 'train.csv'), csv(30, 0));
writeFileSync(join(dir, 'test.csv'), csv(10, 1));
writeFileSync(join(dir, 'renamed.csv'), csv(10, 1, 'body,topic'));
writeFileSync(join(dir, 'renamed-train.csv'), csv(30, 0, 'body,topic'));
writeFileSync(join(dir, 'empty.csv'), '');
writeFileSync(join(dir, 'one-label.csv'), 'text,category\nhello,a\nworld,a\n');
writeFileSync(join(dir, 'binary.csv'), Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 37) % 256)));

describe('frontline eval classify', () => {
  it('trains on the train file and prints exactly the agreed JSON fields', async () => {
    const run = await cli('eval', 'classify', '--train', 'train.csv', '--test', 'test.csv', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result).sort()).toEqual(['accuracy', 'items_per_second', 'macro_f1', 'n_test', 'n_train', 'train_seconds']);
    expect(result).toMatchObject({ n_train: 90, n_test: 30 });
    expect(result.accuracy).toBeGreaterThan(0.9);
    expect(result.macro_f1).toBeGreaterThan(0.9);
    expect(result.items_per_second).toBeGreaterThan(0);
  }, 30_000);

  it('reads other column names when told', async () => {
    const run = await cli('eval', 'classify', '--train', 'renamed-train.csv', '--test', 'renamed.csv', '--text-col', 'body', '--label-col', 'topic', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ n_train: 90, n_test: 30 });
  }, 30_000);

  it.each([
    [['--test', 'test.csv'], '--train CSV and --test CSV are required'],
    [['--train', 'missing.csv', '--test', 'test.csv'], 'cannot read missing.csv'],
    [['--train', 'train.csv', '--test', 'test.csv', '--label-col', 'label'], 'train.csv has no column label (columns: text, category)'],
    [['--train', 'train.csv', '--test', 'renamed.csv'], 'renamed.csv has no column text or category (columns: body, topic)'],
    [['--train', 'empty.csv', '--test', 'test.csv'], 'empty.csv has no rows'],
    [['--train', 'one-label.csv', '--test', 'test.csv'], 'needs at least two distinct labels'],
    [['--train', 'train.csv', '--test', 'binary.csv'], 'binary.csv'],
  ])('fails with one clear line: %j', async (args, message) => {
    const run = await cli('eval', 'classify', ...args);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('scorePredictions', () => {
  it('computes accuracy and macro-F1 over the gold labels', () => {
    const { accuracy, macroF1 } = scorePredictions(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']);
    expect(accuracy).toBe(0.75);
    // a: P 1, R 0.5 → F1 2/3; b: P 2/3, R 1 → F1 0.8
    expect(macroF1).toBeCloseTo((2 / 3 + 0.8) / 2, 10);
  });
});
