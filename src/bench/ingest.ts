// Ingest speed: a CSV of 100,000 synthetic rows in three scripts through the
// whole pipeline (redact, classify, cluster, store), as a user runs it:
// `frontline ingest feedback.csv --json` in a process of its own (start-up
// and migrations included), with its RSS sampled as it runs to show memory
// stays flat (the file is streamed, never loaded whole).
import { spawn } from 'node:child_process';
import { mkdtempSync, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import type { BenchSection } from './section.js';

const CLI = fileURLToPath(new URL('../../bin/frontline.js', import.meta.url));

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
      // Training the classifier happens once per taxonomy change (`npm install` does it first), not per import.
      const warmup = await runCli(dir, ['classify', '--json', 'warm-up']);
      const first = await runIngest(dir, csv);
      const second = await runIngest(dir, csv); // the same file again: adds nothing
      const rss = first.rssBytes;
      const mb = (b: number) => Math.round(b / 1048576);
      return {
        rows,
        added: first.summary.added,
        seconds: Number(first.seconds.toFixed(2)),
        rows_per_second: Math.round(rows / first.seconds),
        rss_mb_every_second: rss.map(mb),
        rss_mb_first_sample: mb(rss[0] ?? 0),
        rss_mb_peak: mb(Math.max(0, ...rss)),
        rss_mb_end: mb(rss.at(-1) ?? 0),
        reimport_added: second.summary.added,
        reimport_seconds: Number(second.seconds.toFixed(2)),
        classifier_warmup_seconds: Number(warmup.seconds.toFixed(2)),
        target: 'rows=100000 in < 20 s, memory flat',
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** One `frontline ingest --json` run in a child process: wall time, RSS every second (Linux /proc), its summary. */
async function runIngest(dir: string, csv: string): Promise<{ seconds: number; rssBytes: number[]; summary: { added: number } }> {
  const run = await runCli(dir, ['ingest', csv, '--json']);
  return { ...run, summary: JSON.parse(run.out) as { added: number } };
}

/** A `frontline` command in a child process on the bench database: wall time, RSS every second (Linux /proc), stdout. */
async function runCli(dir: string, args: string[]): Promise<{ seconds: number; rssBytes: number[]; out: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: `file:${join(dir, 'bench.db')}`, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const rssBytes: number[] = [];
  const sample = setInterval(() => {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      if (kb) rssBytes.push(Number(kb) * 1024);
    } catch {
      // not Linux, or the process just ended
    }
  }, 1000);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  clearInterval(sample);
  if (code !== 0) throw new Error(`frontline ${args[0]} exited with ${code}: ${err.trim().slice(-500)}`);
  return { seconds: (performance.now() - started) / 1000, rssBytes, out };
}
