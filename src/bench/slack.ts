// Slack intake under load: `/feedback <text>` at a sustained 50 requests/s
// for 30 s (5 s with --quick), signed like Slack, over real HTTP into the real
// app (runSlackApp, HTTP mode, in its own process, a fresh SQLite file, the real triager), with a
// minimal Web API stand-in answering `ok` (the full stand-in lives in
// test/support/slack-standin; the bench ships in dist, so it has its own).
// Reports ack latency, sent/stored/lost/duplicated counts and RSS.
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { openStore } from '../store/client.js';
import type { BenchSection } from './section.js';

const SECRET = '0123456789abcdef0123456789abcdef';
const phrases = [
  'The app logged the customer out in the middle of a transfer',
  'Customer says the annual fee on the platinum card went up without notice',
  'ATM at the station kept the card and nobody answered the phone',
  'OTP SMS never arrives when logging in to internet banking',
  'QR payment fails at the night market, customer paid cash instead',
  'APP 轉帳到一半被登出，客戶很生氣',
  '客戶反映信用卡年費突然調漲，沒有通知',
  '網銀登入收不到 OTP 簡訊',
  '转账转到一半APP自动退出了',
  '手机银行登录收不到验证码',
];

interface FakeApi {
  url: string;
  server: Server;
  /** response_url posts per trigger id: confirmations (and redaction notices) sent. */
  replies: Map<string, number>;
  calls: number;
}

async function fakeApi(): Promise<FakeApi> {
  const replies = new Map<string, number>();
  const api: FakeApi = { url: '', server: undefined as unknown as Server, replies, calls: 0 };
  api.server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      api.calls += 1;
      const path = req.url ?? '/';
      if (path.startsWith('/respond/')) {
        const id = path.slice('/respond/'.length);
        replies.set(id, (replies.get(id) ?? 0) + 1);
        res.end('ok');
        return;
      }
      const method = path.replace(/^\/api\//, '');
      const body = method === 'auth.test' ? { ok: true, team: 'Bench', team_id: 'T0BENCH001', user_id: 'U0FRONTBOT', bot_id: 'B0FRONTBOT', url: 'https://bench.slack.com/' } : { ok: true, ts: `${Date.now() / 1000}` };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((done) => api.server.listen(0, '127.0.0.1', done));
  api.url = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  return api;
}

const quantile = (sorted: number[], q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
const round = (n: number) => Math.round(n * 100) / 100;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export const slackBench: BenchSection = {
  name: 'slack',
  async run({ quick }) {
    const rate = 50;
    // BENCH_SLACK_SECONDS runs longer (does memory level off?).
    const seconds = Number(process.env.BENCH_SLACK_SECONDS) || (quick ? 5 : 30);
    const dir = mkdtempSync(join(tmpdir(), 'frontline-bench-slack-'));
    const api = await fakeApi();
    const child = fork(fileURLToPath(new URL('./slack-app.js', import.meta.url)), [], {
      env: {
        ...process.env,
        BENCH_CWD: dir,
        SLACK_BOT_TOKEN: 'xoxb-bench-token',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: `${api.url}/api/`,
        SLACK_APP_TOKEN: '',
        DATABASE_URL: 'file:./bench.db',
        FRONTLINE_INTENTS_DIR: resolve('intents'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const exited = once(child, 'exit');
    const [ready] = (await once(child, 'message')) as [{ type: string; port: number }];
    type Stats = { type: 'stats'; rss: number; heapUsed: number; cpuSeconds: number; loopDelayMs: { p50: number; p99: number; max: number } };
    const rssSamples: number[] = [];
    let statsWaiter: ((s: Stats) => void) | undefined;
    child.on('message', (m: { type: string; rss: number }) => {
      if (m.type === 'sample') rssSamples.push(m.rss);
      if (m.type === 'stats') statsWaiter?.(m as Stats);
    });
    const stats = (idle: boolean) =>
      new Promise<Stats>((done) => {
        statsWaiter = done;
        child.send({ type: 'stats', idle, reset: true });
      });
    try {
      const target = `http://127.0.0.1:${ready.port}/slack/events`;
      const send = async (i: number): Promise<{ ms: number; status: number; trigger: string }> => {
        const trigger = `${i}.${randomUUID()}`;
        const body = new URLSearchParams({
          token: 'x', team_id: 'T0BENCH001', team_domain: 'bench', channel_id: 'C0BENCH001', channel_name: 'bench',
          user_id: `U0REP${String(i % 40).padStart(5, '0')}`, user_name: 'r', command: '/feedback',
          text: `${phrases[i % phrases.length]} (#${i})`, api_app_id: 'A0BENCH', is_enterprise_install: 'false',
          response_url: `${api.url}/respond/${trigger}`, trigger_id: trigger,
        }).toString();
        const ts = Math.floor(Date.now() / 1000);
        const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
        const started = performance.now();
        const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature }, body });
        await res.arrayBuffer();
        return { ms: performance.now() - started, status: res.status, trigger };
      };

      // Warm-up outside the measurement (first request compiles code paths).
      for (let i = 0; i < 5; i++) await send(-1 - i);
      const startStats = await stats(true);
      const total = rate * seconds;
      const results: Promise<{ ms: number; status: number; trigger: string }>[] = [];
      const t0 = performance.now();
      // Open loop: request i leaves at t0 + i/rate whatever the earlier ones do.
      for (let i = 0; i < total; i++) {
        const due = t0 + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((done) => setTimeout(done, wait));
        results.push(send(i));
        if (i % (rate * 5) === 0) child.send({ type: 'sample' }); // app RSS every 5 s
      }
      const sent = await Promise.all(results);
      const sendSeconds = (performance.now() - t0) / 1000;
      const endStats = await stats(true);
      const drainedSeconds = (performance.now() - t0) / 1000;
      // SIGTERM: the app finishes its work and closes the database, as in production.
      child.kill('SIGTERM');
      await exited;
      const store = await openStore(`file:${join(dir, 'bench.db')}`);
      let rows: { intakeKey: string; status: string }[];
      try {
        rows = await store.prisma.feedbackItem.findMany({ select: { intakeKey: true, status: true } });
      } finally {
        await store.close();
      }

      const latencies = sent.map((s) => s.ms).sort((a, b) => a - b);
      const keys = sent.map((s) => `slack-trigger:${s.trigger}`);
      // All rows, counted here (an IN list of 1,500 keys exceeds SQLite's parameter limit).
      const sentKeys = new Set(keys);
      const perKey = new Map<string, number>();
      for (const r of rows) if (sentKeys.has(r.intakeKey)) perKey.set(r.intakeKey, (perKey.get(r.intakeKey) ?? 0) + 1);
      const stored = perKey.size;
      const duplicatedRows = [...perKey.values()].reduce((n, c) => n + c - 1, 0);
      const failed = rows.filter((r) => sentKeys.has(r.intakeKey) && r.status === 'failed').length;
      const confirmations = sent.map((s) => api.replies.get(s.trigger) ?? 0);
      return {
        rate_per_s: rate,
        seconds,
        sent: sent.length,
        acked_200: sent.filter((s) => s.status === 200).length,
        stored,
        lost: sent.length - stored,
        duplicated: duplicatedRows,
        failed_status: failed,
        unconfirmed: confirmations.filter((c) => c === 0).length,
        confirmed_twice: confirmations.filter((c) => c > 1).length,
        ack_ms: { p50: round(quantile(latencies, 0.5)), p90: round(quantile(latencies, 0.9)), p99: round(quantile(latencies, 0.99)), max: round(latencies.at(-1) ?? 0) },
        target_p99_ms: 50,
        send_seconds: round(sendSeconds),
        all_work_done_seconds: round(drainedSeconds),
        app_rss_mb: { start: mb(startStats.rss), every_5s: rssSamples.map(mb), end: mb(endStats.rss) },
        app_event_loop_delay_ms: { p50: round(endStats.loopDelayMs.p50), p99: round(endStats.loopDelayMs.p99), max: round(endStats.loopDelayMs.max) },
        app_cpu_seconds: round(endStats.cpuSeconds - startStats.cpuSeconds),
        load_average_1m: round(loadavg()[0]!),
        app_heap_used_mb: { start: mb(startStats.heapUsed), end: mb(endStats.heapUsed) },
        note: 'the app runs in its own process (forked, real HTTP); the load generator and Web API stand-in share another; the 2-core machine is shared with other work, so latencies are pessimistic',
      };
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
      await new Promise<void>((done) => api.server.close(() => done()));
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
