// The installed CLI (dist/, as `npx frontline` runs it) triages imports on a
// worker thread; the sources (as tests run them) triage on the main thread.
// Both must store exactly the same items, tags, flags and clusters.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../src/store/client.js';
import { runFrontline } from '../support/cli.js';
import { BUILD_TIMEOUT } from '../support/timeouts.js';

const BIN = fileURLToPath(new URL('../../bin/frontline.js', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/intake/triage-worker.js', import.meta.url));

const phrases = [
  'The app logged the customer out in the middle of a transfer, card 4111 1111 1111 1111',
  'Annual fee on the platinum card went up without notice, call 0912-345-678',
  'ATM at the station kept the card and nobody answered the phone',
  'OTP SMS never arrives when logging in to internet banking',
  'APP 轉帳到一半被登出，客戶很生氣',
  '客戶反映信用卡年費突然調漲，沒有通知',
  '取款机吞卡了，打客服电话没人接',
  '手机银行登录收不到验证码',
  'Customer says a caller pretending to be the bank asked for her OTP',
  'thanks!',
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-ingest-worker-'));
  const rows = Array.from({ length: 1500 }, (_, i) => `r${i},"${phrases[i % phrases.length]} (${i % 37})",B${i % 6}`);
  writeFileSync(join(dir, 'in.csv'), ['id,text,branch', ...rows].join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function snapshot(db: string) {
  const store = await openStore(`file:${join(dir, db)}`, dir);
  try {
    const items = await store.prisma.feedbackItem.findMany({ orderBy: { id: 'asc' } });
    const tags = await store.prisma.tagAssignment.findMany({ orderBy: [{ itemId: 'asc' }, { kind: 'asc' }, { label: 'asc' }] });
    const flags = await store.prisma.mustDoFlag.findMany({ orderBy: [{ itemId: 'asc' }, { flag: 'asc' }] });
    const clusters = await store.prisma.cluster.findMany({ orderBy: { id: 'asc' } });
    return {
      items: items.map((i) => [i.intakeKey, i.text, i.redactions, i.status, i.language, i.unclassified, i.clusterId]),
      tags: tags.map((t) => [t.itemId, t.kind, t.label, t.confidence, t.matched, t.origin]),
      flags: flags.map((f) => [f.itemId, f.flag, f.reasons]),
      clusters: clusters.map((c) => [c.id, c.title, c.keywords, c.status, c.mergedIntoId, c.itemCount, c.product, c.issue]),
    };
  } finally {
    await store.close();
  }
}

it('stores the same items, tags, flags and clusters whether a worker thread triages or not', async () => {
  expect(existsSync(BUILT), 'dist/ is missing: run `npm install` or `npm run build`').toBe(true);
  const child = spawnSync(process.execPath, [BIN, 'ingest', 'in.csv', '--json'], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, DATABASE_URL: `file:${join(dir, 'worker.db')}`, LOG_LEVEL: 'silent' },
  });
  expect(child.status, child.stderr).toBe(0);
  expect(JSON.parse(child.stdout)).toMatchObject({ added: 1500, triage_worker: true });

  const inProcess = await runFrontline(['ingest', 'in.csv', '--json'], { DATABASE_URL: `file:${join(dir, 'main.db')}` }, dir);
  expect(JSON.parse(inProcess.stdout)).toMatchObject({ added: 1500, triage_worker: false });

  const again = spawnSync(process.execPath, [BIN, 'ingest', 'in.csv', '--json'], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, DATABASE_URL: `file:${join(dir, 'worker.db')}`, LOG_LEVEL: 'silent' },
  });
  expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, duplicates: 1500 });

  const [worker, main] = [await snapshot('worker.db'), await snapshot('main.db')];
  expect(worker.items).toHaveLength(1500);
  expect(worker.tags.length).toBeGreaterThan(1000);
  expect(worker.flags.length).toBeGreaterThan(0);
  expect(worker).toEqual(main);
}, BUILD_TIMEOUT);
