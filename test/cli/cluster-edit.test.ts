// `frontline clusters merge|unmerge|split|move` on an imported database: each
// changes membership as asked, is audited, can be undone, and refuses bad ids
// with one clear line and no change.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/client.js';
import { runFrontline } from '../support/cli.js';

let dir: string;
const env = () => ({ DATABASE_URL: `file:${join(dir, 'test.db')}` });
const run = (...argv: string[]) => runFrontline(argv, env(), dir);

const texts = [
  'OTP SMS never arrives when the customer logs in',
  'customer did not receive the OTP SMS for login',
  'the OTP text message never shows up when customer logs in',
  'ATM swallowed the customer card at the lobby machine',
  'ATM kept the card after the customer entered her PIN',
];

async function membership(): Promise<number[]> {
  const store = await openStore(env().DATABASE_URL, dir);
  try {
    return (await store.prisma.feedbackItem.findMany({ orderBy: { id: 'asc' }, select: { clusterId: true } })).map((r) => r.clusterId!);
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-cluster-edit-'));
  writeFileSync(join(dir, 'in.csv'), ['text,branch', ...texts.map((t, i) => `"${t}",B${i}`)].join('\n'));
  expect((await run('ingest', 'in.csv', '--json')).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('frontline clusters merge / unmerge / split / move', () => {
  it('merges, then unmerge restores the membership; both are audited', async () => {
    const before = await membership();
    const [otp, atm] = [before[0]!, before[3]!];
    expect(otp).not.toBe(atm);
    const merged = await run('clusters', 'merge', String(atm), String(otp), '--as', 'pm.lin', '--json');
    expect(merged.code).toBe(0);
    const { merge_id } = JSON.parse(merged.stdout) as { merge_id: number };
    expect(new Set(await membership())).toEqual(new Set([otp]));

    const undone = await run('clusters', 'unmerge', String(merge_id));
    expect(undone.code).toBe(0);
    expect(undone.stdout).toContain(`are back in #${atm}`);
    expect(await membership()).toEqual(before);
    const again = await run('clusters', 'unmerge', String(merge_id));
    expect(again.code).toBe(1);
    expect(await membership()).toEqual(before);

    const audit = JSON.parse((await run('audit', '--json')).stdout) as { actor: string; action: string }[];
    expect(audit.filter((a) => a.actor === 'cli:pm.lin').map((a) => a.action)).toContain('cluster.merge');
    expect(audit.map((a) => a.action)).toContain('cluster.unmerge');
  });

  it('splits items out into a new cluster and moves one back', async () => {
    const before = await membership();
    const otp = before[0]!;
    const split = await run('clusters', 'split', String(otp), '2', '3', '--json');
    expect(split.code, split.stderr).toBe(0);
    const { new_cluster_id } = JSON.parse(split.stdout) as { new_cluster_id: number };
    expect((await membership()).slice(0, 3)).toEqual([otp, new_cluster_id, new_cluster_id]);

    expect((await run('clusters', 'move', '3', String(otp))).code).toBe(0);
    expect((await membership()).slice(0, 3)).toEqual([otp, new_cluster_id, otp]);
  });

  it('refuses bad ids and usage with one clear line and changes nothing', async () => {
    const before = await membership();
    const cases: [string[], RegExp][] = [
      [['clusters', 'merge', String(before[0]), String(before[0])], /given twice/],
      [['clusters', 'split', String(before[0]), '2', '2'], /#2 is given twice/],
      [['clusters', 'merge', '0x1', String(before[0])], /'0x1' is not an id/],
      [['clusters', 'move', '1e0', String(before[0])], /'1e0' is not an id/],
      [['clusters', 'merge', '999', String(before[0])], /999/],
      [['clusters', 'unmerge', '424242'], /merge 424242 does not exist/],
      [['clusters', 'move', '77777', String(before[0])], /77777/],
      [['clusters', 'merge', 'abc', '1'], /'abc' is not an id/],
      [['clusters', 'merge', '1'], /Usage: frontline clusters merge <source-id> <target-id>/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr, argv.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(await membership()).toEqual(before);
  });
});
