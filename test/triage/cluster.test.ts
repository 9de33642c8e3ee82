import { describe, expect, it } from 'vitest';
import { Converter } from 'opencc-js/cn2t';
import { normalize } from '../../src/triage/normalize.js';
import { ClusterEngine } from '../../src/triage/cluster/engine.js';
import { ClusterOperationError } from '../../src/triage/cluster/errors.js';
import { lastMergeOf, mergeClusters, moveItem, splitItems, unmergeClusters } from '../../src/triage/cluster/operations.js';
import { recluster } from '../../src/triage/cluster/recluster.js';
import { summarizeCluster } from '../../src/triage/cluster/summary.js';
import type { ClusterItemInput } from '../../src/triage/cluster/types.js';

let nextId = 1;
function item(text: string, extra: Partial<ClusterItemInput> = {}): ClusterItemInput {
  return { id: nextId++, ...normalize(text), text, receivedAt: Date.UTC(2026, 10, 2), ...extra };
}

const background = [
  'the app logs me out during a transfer',
  'fees on my savings account went up again',
  '信用卡年费怎么收',
  '網銀登入一直失敗',
  'branch queue took an hour',
  '房贷利率能不能降',
];

function engineWith(texts: string[]): ClusterEngine {
  const engine = new ClusterEngine();
  for (const t of texts) engine.add(item(t));
  return engine;
}

describe('clustering', () => {
  it('puts the zh-Hant and zh-Hans versions of a complaint in the same cluster', () => {
    const pairs = [
      ['手機銀行轉帳一直失敗，請問怎麼辦', '手机银行转账一直失败，请问怎么办'],
      ['信用卡被盜刷了三筆', '信用卡被盗刷了三笔'],
      ['網點排隊等待時間太長', '网点排队等待时间太长'],
    ];
    const engine = engineWith(background);
    for (const [hant, hans] of pairs) {
      const a = engine.add(item(hant!));
      const b = engine.add(item(hans!));
      expect(b.clusterId).toBe(a.clusterId);
    }
  });

  it('lets "ATM 吞卡", "ATM吞了我的卡" and "the ATM kept my card" meet through a shared concept', () => {
    const engine = engineWith(background);
    const concepts = ['cards/card_retained'];
    const ids = ['ATM 吞卡', 'ATM吞了我的卡', 'the ATM kept my card'].map((t) => engine.add(item(t, { concepts })).clusterId);
    expect(new Set(ids).size).toBe(1);
  });

  it('keeps unrelated complaints apart', () => {
    const engine = engineWith(background);
    const clusters = new Set(background.map((_, i) => engine.items.get(i + nextId - background.length)!.clusterId));
    expect(clusters.size).toBe(background.length);
  });

  it('does not merge items with different product tags unless the text is a near-duplicate', () => {
    const engine = engineWith(background);
    const a = engine.add(item('card payment declined at the shop', { product: 'cards' }));
    const b = engine.add(item('payment declined at the shop by the app', { product: 'digital' }));
    expect(b.clusterId).not.toBe(a.clusterId);
    const c = engine.add(item('card payment declined at the shop', { product: 'digital' }));
    expect(c.clusterId).toBe(a.clusterId);
  });

  it('lets items with different tags join when each also matched the other tag among its concepts', () => {
    const engine = engineWith(background);
    // Tagged digital/app_bug and payments/app_bug by a hair: both texts speak of both.
    const concepts = ['app_bug/logged out', 'payments_transfers/transfer', 'digital_channels/app'];
    const a = engine.add(item('the app logged the customer out mid transfer', { concepts, product: 'digital_channels', issue: 'app_bug' }));
    const b = engine.add(item('customer logged out of the app in the middle of a transfer', { concepts, product: 'payments_transfers', issue: 'app_bug' }));
    expect(b.clusterId).toBe(a.clusterId);
    // A cluster tagged cards that never mentions payments stays apart from a payments item.
    const c = engine.add(item('ATM kept the card', { concepts: ['cards/kept the card'], product: 'cards', issue: 'card_declined' }));
    const d = engine.add(item('ATM kept the card after the transfer', { concepts: ['payments_transfers/transfer'], product: 'payments_transfers', issue: 'card_declined' }));
    expect(d.clusterId).not.toBe(c.clusterId);
  });

  it('gathers reports of one app version and error code across languages, and does not read words as error codes', () => {
    const engine = engineWith(background);
    const concepts = ['payments_transfers/qr'];
    const tags = { product: 'payments_transfers', issue: 'app_bug' };
    const a = engine.add(item('QR payment fails on v5.3.0 with error E-4012', { concepts, ...tags }));
    const b = engine.add(item('5.3.0 版扫码付款失败，错误 E-4012', { concepts: ['payments_transfers/扫码付款'], ...tags }));
    expect(b.clusterId).toBe(a.clusterId);
    const features = (text: string) => [...engine.prepare(normalize(text)).vector].filter((_, k) => k % 2 === 0).map((id) => engine.vocab.keyOf(id));
    expect(features('error E-4012 on v5.3.0')).toEqual(expect.arrayContaining(['e:e4012', 'v:5.3.0']));
    expect(features('w152x model abc1234def').some((k) => k.startsWith('e:'))).toBe(false);
  });

  it('gives every item without tokens its own cluster and does not crash', () => {
    const engine = engineWith(background);
    const ids = ['😡😡😡', '🙏', '', '   ', '😡😡😡'].map((t) => engine.add(item(t)).clusterId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is deterministic: the same items in the same order give the same clusters', () => {
    const texts = [...background, 'app logs me out during transfer again', '信用卡年费怎么收取', 'queue at the branch took an hour'];
    const run = (): number[] => {
      nextId = 1000;
      const engine = engineWith(texts);
      recluster(engine);
      return texts.map((_, i) => engine.items.get(1000 + i)!.clusterId);
    };
    expect(run()).toEqual(run());
  });
});

describe('cluster operations', () => {
  function twoClusters(): { engine: ClusterEngine; a: number; b: number; c: number } {
    const engine = engineWith(background);
    const a = engine.add(item('the app logs me out during a transfer')).clusterId;
    const b = engine.add(item('fees on my savings account went up again')).clusterId;
    const c = engine.add(item('信用卡年费怎么收')).clusterId;
    return { engine, a, b, c };
  }

  it('merges and unmerges, restoring membership', () => {
    const { engine, a, b } = twoClusters();
    const before = { a: [...engine.clusters.get(a)!.members], b: [...engine.clusters.get(b)!.members] };
    const merge = mergeClusters(engine, b, a);
    expect(engine.resolve(b)).toBe(a);
    expect(engine.clusters.get(a)!.members.size).toBe(before.a.length + before.b.length);
    expect(lastMergeOf(engine, b).id).toBe(merge.id);
    unmergeClusters(engine, merge.id);
    expect([...engine.clusters.get(a)!.members]).toEqual(before.a);
    expect([...engine.clusters.get(b)!.members].sort()).toEqual([...before.b].sort());
    expect(engine.clusters.get(b)!.mergedInto).toBeNull();
  });

  it('refuses to merge a cluster into itself, into a merged-away cluster, or in a cycle', () => {
    const { engine, a, b, c } = twoClusters();
    expect(() => mergeClusters(engine, a, a)).toThrow(/into itself/);
    mergeClusters(engine, b, a);
    expect(() => mergeClusters(engine, c, b)).toThrow(ClusterOperationError);
    expect(() => mergeClusters(engine, c, b)).toThrow(/merged into cluster/);
    expect(() => mergeClusters(engine, b, c)).toThrow(/already merged/);
    const cycle = (() => {
      try {
        mergeClusters(engine, a, b);
      } catch (error) {
        return error as ClusterOperationError;
      }
      return undefined;
    })();
    expect(cycle?.code).toBe('merge_cycle');
    expect(() => mergeClusters(engine, a, 999)).toThrow(/does not exist/);
  });

  it('splits items out into a new cluster and moves an item, and re-clustering keeps both', () => {
    const engine = engineWith(background);
    const texts = ['card declined at the supermarket', 'card declined at the supermarket today', 'my card got declined at the supermarket'];
    const ids = texts.map((t) => engine.add(item(t)));
    const home = ids[0]!.clusterId;
    expect(ids.every((x) => x.clusterId === home)).toBe(true);
    const split = splitItems(engine, home, [ids[2]!.itemId]);
    expect(engine.items.get(ids[2]!.itemId)!.clusterId).toBe(split.id);
    moveItem(engine, ids[1]!.itemId, split.id);
    recluster(engine);
    expect(engine.items.get(ids[1]!.itemId)!.clusterId).toBe(split.id);
    expect(engine.items.get(ids[2]!.itemId)!.clusterId).toBe(split.id);
    expect(() => splitItems(engine, home, [])).toThrow(/at least one/);
  });

  it('never changes a pinned cluster id when re-clustering', () => {
    const engine = new ClusterEngine({ threshold: 0.95 });
    const first = engine.add(item('card declined at the supermarket'));
    const second = engine.add(item('card declined at the supermarket today'));
    expect(second.clusterId).not.toBe(first.clusterId);
    engine.pin(second.clusterId);
    (engine.options as { threshold: number }).threshold = 0.3;
    const changes = recluster(engine);
    expect(engine.clusters.get(second.clusterId)!.mergedInto).toBeNull();
    expect(changes.every((c) => c.kind !== 'merge' || c.sourceId !== second.clusterId)).toBe(true);
  });

  it('summarises a cluster with keywords, the representative quote and reach', () => {
    const engine = engineWith(background);
    const base = { receivedAt: Date.UTC(2026, 10, 10) };
    const a = engine.add(item('app logs me out during transfer', { ...base, branch: 'taipei', channel: 'slack' }));
    engine.add(item('the app logs me out during a transfer again', { ...base, branch: 'tainan', channel: 'dm' }));
    const summary = summarizeCluster(engine, a.clusterId, Date.UTC(2026, 10, 9))!;
    expect(summary.size).toBe(3);
    expect(summary.sizeThisWeek).toBe(2);
    expect(summary.branches).toBe(2);
    expect(summary.channels).toBe(2);
    expect(summary.title).toMatch(/log|transfer/);
    expect(summary.keywords.length).toBeGreaterThan(0);
  });

  it('titles a cluster with words a PM can read, not internal feature ids', () => {
    const engine = new ClusterEngine();
    const extra = { concepts: ['qr_payment/qr'], product: 'payments_transfers', issue: 'transaction_failed' };
    const a = engine.add(item('QR payment fails on v5.3.0 with error E-4012', extra));
    engine.add(item('QR payments failing since v5.3.0, error E-4012 again', extra));
    const summary = summarizeCluster(engine, a.clusterId, Date.UTC(2026, 10, 1))!;
    expect(summary.keywords.join(' ')).not.toMatch(/\b[ctvwek]:/);
    expect(summary.keywords.some((k) => k === 'v5.3.0' || k === 'E4012' || k === 'qr')).toBe(true);
  });
});

describe('rebuilding at start-up', () => {
  it('restores stored items, clusters and merge history, and the merge can still be undone', () => {
    const live = new ClusterEngine();
    const inputs = background.map((t) => item(t));
    for (const input of inputs) live.add(input);
    const [x, y] = [live.items.get(inputs[0]!.id)!.clusterId, live.items.get(inputs[1]!.id)!.clusterId];
    const merge = mergeClusters(live, y, x);

    const rebuilt = new ClusterEngine();
    for (const input of inputs) rebuilt.restore(input, live.items.get(input.id)!.clusterId);
    rebuilt.restoreMerge({ sourceId: merge.sourceId, targetId: merge.targetId, itemIds: merge.itemIds, undone: false });
    expect(rebuilt.resolve(y)).toBe(x);
    expect(() => mergeClusters(rebuilt, y, x)).toThrow(/already merged/);
    unmergeClusters(rebuilt, 1);
    expect(rebuilt.items.get(inputs[1]!.id)!.clusterId).toBe(y);
    const next = rebuilt.add(item('another unrelated note about mortgage paperwork'));
    expect(rebuilt.clusters.has(next.clusterId)).toBe(true);
    expect(next.clusterId).toBeGreaterThan(Math.max(x, y));
  });
});

describe('similarity', () => {
  it('folds banking synonyms that share no characters (何时 / 什么时候, 借钱 / 贷款)', () => {
    const engine = new ClusterEngine();
    const sim = (a: string, b: string): number => engine.similarity(engine.prepare(normalize(a)), engine.prepare(normalize(b)));
    expect(sim('借钱什么时候到账', '贷款何时到账')).toBeGreaterThan(0.9);
    expect(sim('怎么注销账户', '如何關閉帳戶')).toBeGreaterThan(0.9);
    expect(sim('借钱什么时候到账', '信用卡年费怎么收')).toBeLessThan(0.15);
    expect(sim('when will my card arrive', 'when will my card be delivered')).toBeGreaterThan(0.9);
  });

  it('scores a negated text lower than the same text without the negation', () => {
    const engine = new ClusterEngine();
    const p = (t: string) => engine.prepare(normalize(t));
    expect(engine.similarity(p('能借款'), p('不能借款'))).toBeLessThan(engine.similarity(p('能借款'), p('能借款吗')));
  });
});

describe('scripts and empty input', () => {
  const complaints = [
    '手机银行转账一直失败，请问怎么办',
    '信用卡被盗刷了三笔，要求退款',
    '网点排队等待时间太长，只有一个柜台',
    'ATM吞了我的卡，客服电话打不通',
    '房贷利率为什么比别家高',
    '开户要准备的资料太多了，跑了三趟',
    '短信验证码一直收不到，没办法登录',
    '年费没有告知就直接扣了',
    '理财产品赎回以后钱一直没到账',
    '外币汇款手续费收得太贵',
  ];

  it('always puts the zh-Hant and zh-Hans versions of a text in the same cluster, whichever comes first', () => {
    const toTraditional = Converter({ from: 'cn', to: 'tw' });
    for (const hantFirst of [false, true]) {
      const engine = engineWith(background);
      for (const hans of complaints) {
        const hant = toTraditional(hans);
        expect(hant).not.toBe(hans);
        const [first, second] = hantFirst ? [hant, hans] : [hans, hant];
        const a = engine.add(item(first));
        const b = engine.add(item(second));
        expect(b.clusterId, `${hans} / ${hant}`).toBe(a.clusterId);
      }
      // …and the ten complaints stay ten clusters.
      expect(new Set(complaints.map((_, i) => engine.items.get(nextId - 2 * complaints.length + 2 * i)!.clusterId)).size).toBe(complaints.length);
    }
  });

  it('never lumps emoji-only or redacted-only items together, and does not crash on them', () => {
    const engine = engineWith(background);
    const empty = ['😡😡😡', '🙏', '', '   ', '!!!', '[phone]', '[phone]', '[card •••• 1111]', '[card •••• 2222]', '[TW-ID] [email]', '[CN-ID]', '[account] [IBAN] [SSN]'];
    const ids = [...empty, ...empty].map((t) => engine.add(item(t)).clusterId);
    expect(new Set(ids).size).toBe(ids.length);
    // A real complaint with a placeholder still meets the same complaint without it.
    const a = engine.add(item('my card was declined at the supermarket again'));
    const b = engine.add(item('my card [card •••• 1111] was declined at the supermarket again'));
    expect(b.clusterId).toBe(a.clusterId);
  });
});

describe('re-clustering and PM decisions', () => {
  it('keeps the id and every member of a cluster a PM acted on, and of clusters merged by hand', () => {
    // Nothing joins while the items arrive (threshold above 1), everything could afterwards.
    const engine = new ClusterEngine({ threshold: 1.01, nearDuplicate: 1.01 });
    const texts = ['card declined at the supermarket', 'card declined at the supermarket today', 'my card got declined at the supermarket', 'card declined at the shop'];
    const added = texts.map((t) => engine.add(item(t)));
    expect(new Set(added.map((a) => a.clusterId)).size).toBe(texts.length);
    const acted = added[1]!.clusterId;
    engine.pin(acted);
    const merge = mergeClusters(engine, added[3]!.clusterId, added[2]!.clusterId);
    engine.pin(merge.targetId);
    const before = [...engine.clusters.get(acted)!.members];
    (engine.options as { threshold: number }).threshold = 0.2;
    for (let pass = 0; pass < 3; pass++) recluster(engine);
    expect(engine.resolve(acted)).toBe(acted);
    expect(engine.resolve(merge.targetId)).toBe(merge.targetId);
    for (const id of before) expect(engine.items.get(id)!.clusterId).toBe(acted);
  });
});
