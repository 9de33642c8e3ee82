import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/client.js';
import { runFrontline } from '../support/cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-ingest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...argv: string[]) => runFrontline(argv, { DATABASE_URL: `file:${join(dir, 'test.db')}` }, dir);

const csv = [
  'text,branch,channel,created_at,reporter',
  '"The app logged the customer out during a transfer, card 4111 1111 1111 1111",Taipei Xinyi,branch,2026-11-20T02:00:00Z,U1',
  ',Taipei Xinyi,branch,2026-11-20T02:00:00Z,U1',
  'ATM 吞卡了，客戶很生氣,Kaohsiung,branch,2026-11-21T03:00:00Z,U2',
  'Annual fee charged although the card was sold as free for life,,contact_centre,not-a-date,U3',
  '年费没告知就扣了,Shanghai,carrier-pigeon,2026-11-21T03:00:00Z,U4',
  '年费没告知就扣了,Shanghai,contact_centre,2026-11-22T03:00:00Z,U4',
].join('\n');

describe('frontline ingest', () => {
  it('keeps the good rows, reports bad rows by line, and adds nothing the second time', async () => {
    const file = join(dir, 'feedback.csv');
    writeFileSync(file, csv);

    const first = await cli('ingest', 'feedback.csv', '--json');
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ rows: 6, added: 3, bad_rows: 3 });
    expect(summary.errors.map((e: { line: number }) => e.line)).toEqual([3, 5, 6]);

    const again = await cli('ingest', 'feedback.csv', '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, duplicates: 3, bad_rows: 3 });

    const items = JSON.parse((await cli('items', '--json')).stdout);
    expect(items).toHaveLength(3);
    // Customer data is redacted before it is stored.
    const texts: string[] = items.map((i: { text: string }) => i.text);
    expect(texts.join('\n')).not.toContain('4111 1111 1111 1111');
    expect(texts.join('\n')).toContain('[card •••• 1111]');
  });

  it('leaves every cluster row with its true count and last-seen time after an import of several batches', async () => {
    const phrases = ['The app logged me out during a transfer', 'ATM kept my card at the station', '信用卡年費沒通知就調漲'];
    const lines = ['id,text,branch,channel,created_at'];
    for (let i = 0; i < 1300; i++) {
      lines.push(`r${i},${phrases[i % 3]} ${i % 7},Branch ${i % 5},branch,${new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString()}`);
    }
    writeFileSync(join(dir, 'many.csv'), lines.join('\n'));
    const run = await cli('ingest', 'many.csv', '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({ added: 1300 });

    const rowsAreTrue = async () => {
      const store = await openStore(`file:${join(dir, 'test.db')}`, dir);
      try {
        const clusters = await store.prisma.cluster.findMany({ where: { status: 'open' } });
        expect(clusters.length).toBeGreaterThan(0);
        for (const c of clusters) {
          const members = await store.prisma.feedbackItem.aggregate({ where: { clusterId: c.id }, _count: true, _max: { receivedAt: true } });
          expect({ id: c.id, count: c.itemCount, last: c.lastSeen }).toEqual({ id: c.id, count: members._count, last: members._max.receivedAt });
        }
        expect(clusters.reduce((n, c) => n + c.itemCount, 0)).toBe(1300);
      } finally {
        await store.close();
      }
    };
    await rowsAreTrue();

    // An import that crashed between its refreshes leaves rows behind their items: the next start repairs them.
    const store = await openStore(`file:${join(dir, 'test.db')}`, dir);
    await store.prisma.$executeRawUnsafe(`UPDATE "Cluster" SET "itemCount" = 1, "lastSeen" = 0 WHERE "status" = 'open'`);
    await store.close();
    expect(JSON.parse((await cli('ingest', 'many.csv', '--json')).stdout)).toMatchObject({ added: 0 });
    await rowsAreTrue();
  });

  it('refuses a missing file and a file without a text column, with one clear line', async () => {
    const missing = await cli('ingest', 'nope.csv');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no such file: nope\.csv/);

    writeFileSync(join(dir, 'bad.csv'), 'body,branch\nhello,Taipei\n');
    const noText = await cli('ingest', 'bad.csv', '--json');
    expect(noText.code).not.toBe(0);
    const error = JSON.parse(noText.stdout);
    expect(error).toMatchObject({ ok: false });
    expect(error.error).toMatch(/text/);
    expect(noText.stdout + noText.stderr).not.toMatch(/\n\s+at /);
  });
});
