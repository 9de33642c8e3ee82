// Clustering at bank scale: synthetic feedback in English, zh-Hans and
// zh-Hant with planted near-duplicates (a word changed or added, or the same
// Chinese text rewritten in the other script). Times normalise + cluster
// together, and scores the clusters on the planted families.
import { performance } from 'node:perf_hooks';
import { Converter } from 'opencc-js/cn2t';
import type { BenchSection } from './section.js';
import { normalize } from '../triage/normalize.js';
import { ClusterEngine } from '../triage/cluster/engine.js';
import { recluster } from '../triage/cluster/recluster.js';
import { seededRandom } from '../triage/seeded-random.js';

const toTraditional = Converter({ from: 'cn', to: 'tw' });
const HANS = '这个银行卡还款账户转账时候为什么总是显示失败请问怎么办理开通贷款额度利息手续费用密码验证码短信收到没有登录网点排队等待时间太长客服电话打不通信用借记积分兑换分期付款汇率外币理财基金保险存款取现机器吞了我的身份证件资料审核进度申请提现到账查询余额冻结解绑定手机号更换修改设置提醒';
const HANS_CHARS = Array.from(HANS);
const EN_WORDS = Array.from({ length: 4000 }, (_, i) => 'w' + i.toString(36) + 'x');

interface Synthetic {
  texts: string[];
  family: Int32Array;
}

/** 30% of items are near-duplicates of an earlier one (their family). */
export function synthesize(count: number, seed = 7): Synthetic {
  const random = seededRandom(seed); // every run plants the same data
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const texts: string[] = [];
  const family = new Int32Array(count);
  let families = 0;
  for (let i = 0; i < count; i++) {
    if (i > 0 && random() < 0.3) {
      const j = Math.max(0, i - 1 - Math.floor(random() * Math.min(i, 5000)));
      family[i] = family[j]!;
      texts.push(nearDuplicate(texts[j]!, random, pick));
      continue;
    }
    family[i] = families++;
    const kind = random();
    if (kind < 0.4) texts.push(Array.from({ length: 8 }, () => pick(EN_WORDS)).join(' '));
    else {
      const hans = Array.from({ length: 12 }, () => pick(HANS_CHARS)).join('');
      texts.push(kind < 0.7 ? hans : toTraditional(hans));
    }
  }
  return { texts, family };
}

function nearDuplicate(text: string, random: () => number, pick: <T>(xs: readonly T[]) => T): string {
  if (text.includes(' ')) {
    const words = text.split(' ');
    words[Math.floor(random() * words.length)] = pick(EN_WORDS);
    return words.join(' ');
  }
  // Chinese: the same text in the other script half the time, else one character added.
  if (random() < 0.5) return toTraditional(text);
  const chars = Array.from(text);
  chars.splice(Math.floor(random() * chars.length), 0, pick(HANS_CHARS));
  return chars.join('');
}

function pairs(n: number): number {
  return (n * (n - 1)) / 2;
}

async function runSize(count: number): Promise<Record<string, number>> {
  const { texts, family } = synthesize(count);
  global.gc?.();
  const started = performance.now();
  const engine = new ClusterEngine();
  for (let i = 0; i < count; i++) {
    engine.add({ id: i, ...normalize(texts[i]!), receivedAt: i });
  }
  const seconds = (performance.now() - started) / 1000;
  const { clusters, precision, recall, planted } = score(engine, family, count);
  const result: Record<string, number> = {
    items: count,
    seconds: Math.round(seconds * 100) / 100,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    clusters,
    planted_pairs: planted,
    pair_precision: precision,
    pair_recall: recall,
  };
  // One new item at a time with `count` stored (normalise + assign).
  const extra = synthesize(2000, 99).texts;
  const times: number[] = [];
  extra.forEach((text, k) => {
    const t0 = performance.now();
    engine.add({ id: count + k, ...normalize(text), receivedAt: count + k });
    times.push(performance.now() - t0);
  });
  times.sort((a, b) => a - b);
  result.assign_p50_ms = Math.round(times[Math.floor(times.length * 0.5)]! * 1000) / 1000;
  result.assign_p99_ms = Math.round(times[Math.floor(times.length * 0.99)]! * 1000) / 1000;
  if (count === 100_000) {
    // The re-cluster pass over the stored items, as ClusterStore.recluster runs it (rounds until nothing changes, at most 6);
    // the database write is only of what changed.
    const t0 = performance.now();
    let changes = 0;
    for (let round = 0; round < 6; round++) {
      const changed = recluster(engine).length;
      changes += changed;
      if (changed === 0) break;
    }
    result.recluster_seconds = Math.round((performance.now() - t0) / 10) / 100;
    result.recluster_changes = changes;
    const after = score(engine, family, count);
    result.recluster_pair_precision = after.precision;
    result.recluster_pair_recall = after.recall;
  }
  return result;
}

/** Planted pairs: every pair within a family (items 0…count-1). Found: pairs sharing a cluster. */
function score(engine: ClusterEngine, family: Int32Array, count: number) {
  const byCluster = new Map<number, Map<number, number>>();
  const familySize = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const c = engine.items.get(i)!.clusterId;
    let inner = byCluster.get(c);
    if (!inner) byCluster.set(c, (inner = new Map()));
    inner.set(family[i]!, (inner.get(family[i]!) ?? 0) + 1);
    familySize.set(family[i]!, (familySize.get(family[i]!) ?? 0) + 1);
  }
  let clustered = 0;
  let correct = 0;
  for (const inner of byCluster.values()) {
    let size = 0;
    for (const n of inner.values()) {
      size += n;
      correct += pairs(n);
    }
    clustered += pairs(size);
  }
  let planted = 0;
  for (const n of familySize.values()) planted += pairs(n);
  return {
    clusters: byCluster.size,
    planted,
    precision: clustered ? Math.round((correct / clustered) * 10_000) / 10_000 : 1,
    recall: planted ? Math.round((correct / planted) * 10_000) / 10_000 : 1,
  };
}

export const clusterBench: BenchSection = {
  name: 'cluster',
  async run(options) {
    const [small, large] = options.quick ? [10_000, 100_000] : [100_000, 1_000_000];
    const a = await runSize(small);
    const b = await runSize(large);
    return {
      [String(small)]: a,
      [String(large)]: b,
      ...(a.recluster_seconds !== undefined ? { recluster_100k_seconds: a.recluster_seconds } : {}),
      ...(b.recluster_seconds !== undefined ? { recluster_100k_seconds: b.recluster_seconds } : {}),
      time_ratio: Math.round(((b.seconds ?? 0) / Math.max(0.001, a.seconds ?? 0)) * 100) / 100,
      size_ratio: large / small,
    };
  },
};
