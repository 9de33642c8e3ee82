import { describe, expect, it } from 'vitest';
import { bestThreshold, clusteringScores, pairScores } from '../../src/triage/cluster/metrics.js';

describe('clustering metrics', () => {
  it('scores a perfect clustering as 1 and one cluster per item as recall 1/size', () => {
    const gold = ['a', 'a', 'b', 'b'];
    expect(clusteringScores([1, 1, 2, 2], gold)).toMatchObject({ bcubedPrecision: 1, bcubedRecall: 1, nmi: 1 });
    const singletons = clusteringScores([1, 2, 3, 4], gold);
    expect(singletons.bcubedPrecision).toBe(1);
    expect(singletons.bcubedRecall).toBe(0.5);
  });

  it('scores lumping everything together as precision 1/classes', () => {
    const scores = clusteringScores([1, 1, 1, 1], ['a', 'a', 'b', 'b']);
    expect(scores.bcubedPrecision).toBe(0.5);
    expect(scores.bcubedRecall).toBe(1);
    expect(scores.nmi).toBe(0);
  });

  it('counts pair verdicts at a threshold and finds the best threshold', () => {
    const sims = [0.9, 0.6, 0.4, 0.1];
    const labels = [true, true, false, false];
    expect(pairScores(sims, labels, 0.5)).toEqual({ accuracy: 1, precision: 1, recall: 1, f1: 1 });
    expect(pairScores(sims, labels, 0.95).accuracy).toBe(0.5);
    const best = bestThreshold(sims, labels);
    expect(best.accuracy).toBe(1);
    expect(best.threshold).toBeGreaterThan(0.4);
    expect(best.threshold).toBeLessThanOrEqual(0.6);
  });
});
