// `frontline taxonomy eval DIR`: per-label figures on a labelled set, and a
// bad line in the set is one clear error naming the file and the line.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFrontline } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'frontline-taxonomy-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DATABASE_URL: `file:${join(dir, 'frontline.db')}` };

function set(name: string, lines: string[]): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  writeFileSync(join(folder, 'en.jsonl'), lines.join('\n') + '\n');
  return folder;
}

describe('frontline taxonomy eval', () => {
  it('scores a labelled set: labels, flags and chit-chat', async () => {
    const folder = set('good', [
      JSON.stringify({ text: 'The ATM swallowed my debit card this morning', products: ['branch_atm'], issues: ['card_declined_blocked'], also: ['cards'] }),
      JSON.stringify({ text: 'lunch at noon?', products: [], issues: [] }),
    ]);
    const r = await runFrontline(['taxonomy', 'eval', folder, '--json'], env, dir);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { items: number; labels: { label: string; tp: number }[]; chitchat: { items: number; unclassified: number } };
    expect(report.items).toBe(2);
    expect(report.labels.find((l) => l.label === 'branch_atm')?.tp).toBe(1);
    expect(report.chitchat).toEqual({ items: 1, unclassified: 1 });
  });

  it('a bad line: file, line and problem, and no figures', async () => {
    const folder = set('bad', [JSON.stringify({ text: 'ok', products: [], issues: [] }), '{"text": "cut off', JSON.stringify({ text: 'x', products: 'cards', issues: [] })]);
    const r = await runFrontline(['taxonomy', 'eval', folder, '--json'], env, dir);
    expect(r.code).toBe(1);
    // --json reports the error as JSON too, instead of figures.
    const out = JSON.parse(r.stdout) as { ok: boolean; error: string };
    expect(out.ok).toBe(false);
    expect(out.error).toContain('en.jsonl: line 2: not valid JSON');
    expect(out.error).toContain('en.jsonl: line 3: products: expected array');
  });
});
