import { describe, expect, it } from 'vitest';
import { rankClusters, resurfaces, scoreOf, trendOf } from '../../src/digest/rank.js';
import { isNegative, parseProductWeights, severityOf } from '../../src/digest/signals.js';
import type { ClusterWeek } from '../../src/digest/types.js';

const weekStart = new Date('2026-11-16T00:00:00Z');
const old = new Date('2026-09-01T00:00:00Z');

function cluster(id: number, over: Partial<ClusterWeek> = {}): ClusterWeek {
  return {
    id, title: `cluster ${id}`, product: 'cards', issues: ['fees_interest'], status: 'open', dismissedVolume: null,
    firstSeen: old, items: 5, branches: 2, channels: 1, trailingItems: 20, flags: {}, negative: 0, ...over,
  };
}

describe('rankClusters', () => {
  it('puts must-do clusters first whatever their size', () => {
    const big = cluster(1, { items: 400, branches: 40, trailingItems: 100 });
    const tiny = cluster(2, { items: 1, branches: 1, trailingItems: 0, flags: { compliance: 1 } });
    const r = rankClusters([big, tiny], { weekStart, topN: 10 });
    expect(r.mustDo.map((c) => c.id)).toEqual([2]);
    expect(r.mustDo[0]!.mustDoFlags).toEqual(['compliance']);
    expect(r.top.map((c) => c.id)).toEqual([1]);
  });

  it('orders the rest by score and reports what the top N left out', () => {
    const clusters = [1, 2, 3, 4].map((id) => cluster(id, { items: id * 10, branches: id, trailingItems: id * 40 }));
    const r = rankClusters(clusters, { weekStart, topN: 2 });
    expect(r.top.map((c) => c.id)).toEqual([4, 3]);
    expect(r.leftOut).toEqual({ clusters: 2, items: 30 });
    expect(r.counts.clusters).toBe(4);
  });

  it('ranks a growing cluster above a steady one of the same size', () => {
    const steady = cluster(1, { items: 20, trailingItems: 80 });
    const growing = cluster(2, { items: 20, trailingItems: 16 });
    const r = rankClusters([steady, growing], { weekStart, topN: 10 });
    expect(r.top.map((c) => c.id)).toEqual([2, 1]);
    expect(r.top[0]!.trend).toBe(5);
    expect(r.top[0]!.rising).toBe(true);
    expect(r.top[1]!.rising).toBe(false);
  });

  it('computes the trend against the trailing four-week average', () => {
    expect(trendOf(31, 40)).toEqual({ average: 10, ratio: 3.1 });
    expect(trendOf(3, 0)).toEqual({ average: 0, ratio: null });
  });

  it('flags new clusters (first seen this week) and does not call them rising', () => {
    const fresh = cluster(1, { firstSeen: new Date('2026-11-17T03:00:00Z'), items: 12, trailingItems: 0 });
    const r = rankClusters([fresh], { weekStart, topN: 10 });
    expect(r.top[0]!.isNew).toBe(true);
    expect(r.top[0]!.rising).toBe(false);
    expect(r.counts.newClusters).toBe(1);
  });

  it('does not call a cluster rising on one or two reports', () => {
    const r = rankClusters([cluster(1, { items: 2, trailingItems: 0 })], { weekStart, topN: 10 });
    expect(r.top[0]!.rising).toBe(false);
  });

  it('keeps dismissed clusters out unless they come back at twice their dismissed volume', () => {
    const quiet = cluster(1, { status: 'dismissed', dismissedVolume: 10, items: 19 });
    const back = cluster(2, { status: 'dismissed', dismissedVolume: 10, items: 20 });
    const r = rankClusters([quiet, back], { weekStart, topN: 10 });
    expect(r.top.map((c) => c.id)).toEqual([2]);
    expect(r.top[0]!.resurfaced).toBe(true);
    expect(r.dismissedHidden).toBe(1);
    expect(resurfaces(cluster(3, { status: 'dismissed', dismissedVolume: 0, items: 1 }))).toBe(false);
  });

  it('leaves merged-away clusters out', () => {
    const r = rankClusters([cluster(1, { status: 'merged' }), cluster(2)], { weekStart, topN: 10 });
    expect([...r.mustDo, ...r.top].map((c) => c.id)).toEqual([2]);
  });

  it('applies the per-product business weight', () => {
    const cards = cluster(1, { product: 'cards', items: 10 });
    const loans = cluster(2, { product: 'loans', items: 10 });
    const weights = parseProductWeights('loans=2');
    const r = rankClusters([cards, loans], { weekStart, topN: 10, weights });
    expect(r.top.map((c) => c.id)).toEqual([2, 1]);
    expect(r.top[0]!.score).toBeCloseTo(r.top[1]!.score * 2, 0);
    expect(r.top[0]!.weight).toBe(2);
  });

  it('scores severe and angry clusters higher than mild ones of the same reach', () => {
    const mild = scoreOf(cluster(1, { issues: ['feature_request'] }), 1).score;
    const severe = scoreOf(cluster(1, { issues: ['fraud_scam'] }), 1).score;
    const angry = scoreOf(cluster(1, { issues: ['feature_request'], negative: 5 }), 1).score;
    expect(severe).toBeGreaterThan(mild);
    expect(angry).toBeGreaterThan(mild);
  });
});

describe('signals', () => {
  it('finds negative sentiment in English, Traditional and Simplified Chinese', () => {
    expect(isNegative('This is UNACCEPTABLE, the customer is furious')).toBe(true);
    expect(isNegative('客戶非常不滿，說手續費太離譜')).toBe(true);
    expect(isNegative('客户很生气，要投诉')).toBe(true);
    expect(isNegative('Customer asked how to change the PIN')).toBe(false);
    expect(isNegative('客戶詢問如何變更密碼')).toBe(false);
  });

  it('derives severity from issue types and must-do flags', () => {
    expect(severityOf(['fraud_scam'], [])).toBe(1);
    expect(severityOf(['feature_request'], [])).toBe(0.2);
    expect(severityOf(['feature_request'], ['customer_rights'])).toBe(0.8);
    expect(severityOf([], [])).toBe(0.4);
  });
});
