// Ingest speed: a CSV of 100,000 synthetic rows in three scripts through the
// whole pipeline (redact, classify, cluster, store), with RSS sampled as it
// runs to show memory stays flat (the file is streamed, never loaded whole).
import { mkdtempSync, createWriteStream, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { loadConfig } from '../config.js';
import { openStore } from '../store/client.js';
import { importRows } from '../intake/import.js';
import { readImportFile } from '../intake/import-rows.js';
import type { BenchSection } from './section.js';

const phrases = [
  'The app logged the customer out in the middle of a transfer',
  'Customer says the annual fee on the platinum card went up without notice',
  'ATM at the station kept the card and nobody answered the phone',
  'OTP SMS never arrives when logging in to internet banking',
  'APP 轉帳到一半被登出，客戶很生氣',
  '客戶反映信用卡年費突然調漲，沒有通知',
  'ATM 吞卡，客服電話一直打不通',
  '網銀登入收不到 OTP 簡訊',
  '转账转到一半APP自动退出了',
  '客户说信用卡年费涨了也没通知',
  '取款机吞卡了，打客服电话没人接',
  '手机银行登录收不到验证码',
];
const branches = ['Taipei Xinyi', 'Taichung Xitun', 'Kaohsiung Lingya', 'Shanghai Pudong', 'Shenzhen Futian', 'Contact Centre'];

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('id,text,branch,channel,created_at,reporter\n');
  const start = Date.UTC(2026, 9, 1);
  for (let i = 0; i < rows; i++) {
    const text = `${phrases[i % phrases.length]} (${i % 97} ${(i * 7919) % 1000})`;
    const line = `r${i},"${text.replace(/"/g, '""')}",${branches[i % branches.length]},${i % 3 === 0 ? 'contact_centre' : 'branch'},${new Date(start + i * 60_000).toISOString()},U${(i % 50).toString().padStart(4, '0')}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export const ingestBench: BenchSection = {
  name: 'ingest',
  async run({ quick }) {
    const rows = quick ? 10_000 : 100_000;
    const dir = mkdtempSync(join(tmpdir(), 'frontline-bench-ingest-'));
    try {
      const csv = join(dir, 'feedback.csv');
      await writeCsv(csv, rows);
      const config = loadConfig({ LOG_LEVEL: 'silent' }, dir);
      const store = await openStore(`file:${join(dir, 'bench.db')}`, dir);
      const rss: number[] = [];
      const started = performance.now();
      const summary = await importRows(store, config, readImportFile(csv, 'csv'), (done) => {
        if (done % 10_000 === 0) rss.push(process.memoryUsage().rss);
      });
      const seconds = (performance.now() - started) / 1000;
      const again = performance.now();
      const second = await importRows(store, config, readImportFile(csv, 'csv'));
      const secondSeconds = (performance.now() - again) / 1000;
      await store.close();
      const mb = (b: number) => Math.round(b / 1048576);
      return {
        rows,
        added: summary.added,
        seconds: Number(seconds.toFixed(2)),
        rows_per_second: Math.round(rows / seconds),
        rss_mb_samples: rss.map(mb),
        rss_mb_first_10pct: mb(rss[0] ?? 0),
        rss_mb_end: mb(rss.at(-1) ?? 0),
        reimport_added: second.added,
        reimport_seconds: Number(secondSeconds.toFixed(2)),
        target: 'rows=100000 in < 20 s, memory flat',
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
