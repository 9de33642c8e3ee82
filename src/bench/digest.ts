// Bench section `digest`: building one week's digest (50,000 items) in a
// database of 1,000,000 items over a year. Target: ≤ 2 s. The database is
// generated with one INSERT … SELECT per table in a temp file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../config.js';
import { buildDigestsForWeek, digestSettings } from '../digest/build.js';
import { digestMessages } from '../slack/blocks/digest.js';
import { weekRange } from '../digest/week.js';
import { openStore } from '../store/client.js';
import { openSqlite } from '../store/sqlite.js';
import type { BenchSection } from './section.js';

const PRODUCTS = ['deposits', 'cards', 'loans', 'payments', 'digital_channels', 'wealth', 'branch_atm', 'contact_centre'];
const ISSUES = ['fees_interest', 'login_otp', 'app_crash', 'transaction_failed', 'card_declined', 'fraud_scam', 'account_opening_kyc', 'waiting_service', 'unclear_disclosure', 'rewards', 'accessibility', 'privacy', 'feature_request'];
const TEXTS = [
  'Customer says the annual fee was charged twice and is furious',
  'APP 閃退，轉帳到一半被登出',
  'OTP 收不到，客户很生气',
  'ATM swallowed the card at night, customer waited an hour',
  '客戶詢問定存利率，希望線上可以辦理',
];

function generate(path: string, total: number, weekItems: number, clusters: number, week: { start: Date; end: Date }): void {
  const db = openSqlite(path);
  db.pragma('synchronous = OFF');
  const yearStart = week.end.getTime() - 365 * 86_400_000;
  const weekStart = week.start.getTime();
  const weekLen = week.end.getTime() - weekStart;
  const otherLen = weekStart - yearStart;
  const seq = (n: number) => `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${n})`;
  const cases = (list: string[], expr: string) => `CASE ${expr} ${list.map((v, i) => `WHEN ${i} THEN '${v.replace(/'/g, "''")}'`).join(' ')} END`;
  db.transaction(() => {
    db.exec(`${seq(clusters)} INSERT INTO Cluster (id, title, keywords, status, product, issue, language, itemCount, firstSeen, lastSeen, pinned, updatedAt)
      SELECT n, 'Cluster ' || n, '[]', 'open', ${cases(PRODUCTS, `n % ${PRODUCTS.length}`)}, ${cases(ISSUES, `n % ${ISSUES.length}`)}, 'en', 0, ${yearStart} + (n * 7919 % 300) * 86400000, ${week.end.getTime()}, 0, ${yearStart} FROM seq`);
    // Sizes are skewed: a few big clusters, a long tail (the smaller id of two random draws).
    db.exec(`${seq(total)} INSERT INTO FeedbackItem (id, intakeKey, source, branch, channelType, text, redactions, contentHash, language, receivedAt, updatedAt, status, attempts, unclassified, clusterId)
      SELECT n, 'bench:' || n, 'import', 'Branch ' || (abs(random()) % 60), CASE abs(random()) % 4 WHEN 0 THEN 'contact_centre' ELSE 'branch' END,
        ${cases(TEXTS, `n % ${TEXTS.length}`)}, '{}', 'h' || n, 'en',
        CASE WHEN n <= ${weekItems} THEN ${weekStart} + abs(random()) % ${weekLen} ELSE ${yearStart} + abs(random()) % ${otherLen} END,
        ${yearStart}, 'triaged', 1, CASE WHEN n % 50 = 0 THEN 1 ELSE 0 END,
        CASE WHEN n % 50 = 0 THEN NULL ELSE 1 + min(abs(random()) % ${clusters}, abs(random()) % ${clusters}) END FROM seq`);
    db.exec(`INSERT INTO TagAssignment (itemId, kind, label, confidence, matched, origin)
      SELECT id, 'product', ${cases(PRODUCTS, `clusterId % ${PRODUCTS.length}`)}, 0.9, '[]', 'rule' FROM FeedbackItem WHERE clusterId IS NOT NULL`);
    db.exec(`INSERT INTO TagAssignment (itemId, kind, label, confidence, matched, origin)
      SELECT id, 'issue', ${cases(ISSUES, `clusterId % ${ISSUES.length}`)}, 0.8, '[]', 'rule' FROM FeedbackItem WHERE clusterId IS NOT NULL`);
    db.exec(`INSERT INTO MustDoFlag (itemId, flag, reasons) SELECT id, 'major_risk', '[]' FROM FeedbackItem WHERE clusterId % ${ISSUES.length} = ${ISSUES.indexOf('fraud_scam')} AND id % 3 = 0`);
  })();
  db.close();
}

export const digestBench: BenchSection = {
  name: 'digest',
  async run(options) {
    const total = options.quick ? 100_000 : 1_000_000;
    const weekItems = options.quick ? 5_000 : 50_000;
    const clusters = options.quick ? 2_000 : 20_000;
    const dir = mkdtempSync(join(tmpdir(), 'frontline-bench-digest-'));
    try {
      const config = loadConfig({ FRONTLINE_TIMEZONE: 'Asia/Taipei' }, dir);
      const week = { year: 2026, week: 47 };
      const range = weekRange(week, config.FRONTLINE_TIMEZONE);
      const path = join(dir, 'bench.db');
      const t0 = performance.now();
      (await openStore(`file:${path}`, dir)).close(); // migrate
      generate(path, total, weekItems, clusters, range);
      const generateMs = performance.now() - t0;
      const store = await openStore(`file:${path}`, dir);
      try {
        const settings = digestSettings(config);
        const subscription = { channelId: 'CBENCH1', products: [], language: 'en' as const, source: 'config' as const };
        const timed = async () => {
          const start = performance.now();
          const [built] = await buildDigestsForWeek(store.path, week, [subscription], settings);
          return { ms: performance.now() - start, built: built! };
        };
        const cold = await timed();
        const warm = await timed();
        const { digest } = cold.built;
        return {
          items: total,
          week_items: weekItems,
          clusters,
          generate_ms: Math.round(generateMs),
          build_ms_cold: Math.round(cold.ms),
          build_ms_warm: Math.round(warm.ms),
          target_ms: 2000,
          within_target: cold.ms <= 2000,
          digest_items: digest.totals.items,
          digest_clusters: digest.totals.clusters,
          must_do: digest.mustDo.length,
          messages: digestMessages(digest, settings.topN).length,
        };
      } finally {
        await store.close();
      }
    } finally {
      if (!process.env.KEEP_BENCH_DB) rmSync(dir, { recursive: true, force: true }); else process.stderr.write(dir + "\n");
    }
  },
};
