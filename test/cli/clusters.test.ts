import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFrontline } from '../support/cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-clusters-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...argv: string[]) => runFrontline(argv, { DATABASE_URL: `file:${join(dir, 'test.db')}`, FRONTLINE_TIMEZONE: 'UTC' }, dir);

// 2026-W47 is Mon 16 Nov – Sun 22 Nov 2026; W46 is the week before.
const csv = [
  'text,branch,channel,created_at,reporter',
  '手機銀行轉帳一直失敗，請問怎麼辦,Taipei Xinyi,branch,2026-11-10T02:00:00Z,U1',
  '手机银行转账一直失败，请问怎么办,Shanghai,contact_centre,2026-11-17T02:00:00Z,U2',
  '手機銀行轉帳一直失敗，請問怎麼辦,Kaohsiung,branch,2026-11-18T02:00:00Z,U3',
  'Annual fee charged although the card was sold as free for life,Taichung,branch,2026-11-19T03:00:00Z,U4',
].join('\n');

describe('frontline clusters', () => {
  it('lists clusters with size this week and in total, branches, channels and first/last seen', async () => {
    writeFileSync(join(dir, 'feedback.csv'), csv);
    expect((await cli('ingest', 'feedback.csv', '--json')).code).toBe(0);

    const run = await cli('clusters', '--json', '--week', '2026-W47');
    expect(run.code).toBe(0);
    const { week, clusters } = JSON.parse(run.stdout);
    expect(week).toBe('2026-W47');
    expect(clusters).toHaveLength(2);
    const [transfer, fee] = clusters;
    // zh-Hant and zh-Hans versions of one complaint are one cluster.
    expect(transfer).toMatchObject({
      status: 'open',
      size_this_week: 2,
      size_total: 3,
      branches: 3,
      branches_this_week: 2,
      channels: 2,
      first_seen: '2026-11-10T02:00:00.000Z',
      last_seen: '2026-11-18T02:00:00.000Z',
    });
    expect(transfer.title.length).toBeGreaterThan(0);
    expect(transfer.keywords.length).toBeGreaterThan(0);
    expect(fee).toMatchObject({ size_this_week: 1, size_total: 1, branches: 1, channels: 1 });

    const before = JSON.parse((await cli('clusters', '--json', '--week', '2026-W46')).stdout);
    expect(before.clusters[0]).toMatchObject({ id: transfer.id, size_this_week: 1, size_total: 3 });
  });

  it('refuses a malformed week with one clear line and lists nothing on an empty database', async () => {
    const bad = await cli('clusters', '--week', '2026-47');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--week must be an ISO week such as 2026-W47/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const empty = await cli('clusters', '--json');
    expect(JSON.parse(empty.stdout).clusters).toEqual([]);
  });

  it('runs the re-cluster pass on demand: nothing to change on an empty database, options that do not apply refused', async () => {
    const empty = await cli('clusters', '--recluster');
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/nothing to change/);
    const bad = await cli('clusters', '--recluster', '--week', '2026-W47');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--recluster does not take --week/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
