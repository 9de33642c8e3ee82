// Scores for the eval commands: pair accuracy with a threshold sweep, and
// B-cubed precision/recall plus NMI for a clustering against gold labels.

export interface PairScores {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

export function pairScores(similarities: readonly number[], labels: readonly boolean[], threshold: number): PairScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  similarities.forEach((s, i) => {
    const predicted = s >= threshold;
    if (predicted && labels[i]) tp++;
    else if (predicted) fp++;
    else if (labels[i]) fn++;
    else tn++;
  });
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { accuracy: similarities.length ? (tp + tn) / similarities.length : 0, precision, recall, f1 };
}

/** The threshold (on a 0.005 grid) with the best accuracy: reported, never shipped automatically. */
export function bestThreshold(similarities: readonly number[], labels: readonly boolean[]): { threshold: number; accuracy: number } {
  let best = { threshold: 0, accuracy: -1 };
  for (let step = 0; step <= 200; step++) {
    const threshold = step / 200;
    const { accuracy } = pairScores(similarities, labels, threshold);
    if (accuracy > best.accuracy) best = { threshold, accuracy };
  }
  return best;
}

export interface ClusteringScores {
  bcubedPrecision: number;
  bcubedRecall: number;
  bcubedF1: number;
  nmi: number;
}

/** B-cubed (Bagga & Baldwin) and normalised mutual information (arithmetic mean). */
export function clusteringScores(predicted: readonly (string | number)[], gold: readonly (string | number)[]): ClusteringScores {
  const n = predicted.length;
  const joint = new Map<string, number>();
  const byPred = new Map<string | number, number>();
  const byGold = new Map<string | number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${predicted[i]}\u0000${gold[i]}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    byPred.set(predicted[i]!, (byPred.get(predicted[i]!) ?? 0) + 1);
    byGold.set(gold[i]!, (byGold.get(gold[i]!) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (let i = 0; i < n; i++) {
    const both = joint.get(`${predicted[i]}\u0000${gold[i]}`)!;
    precision += both / byPred.get(predicted[i]!)!;
    recall += both / byGold.get(gold[i]!)!;
  }
  precision = n ? precision / n : 0;
  recall = n ? recall / n : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const entropy = (counts: Iterable<number>): number => {
    let h = 0;
    for (const c of counts) h -= (c / n) * Math.log(c / n);
    return h;
  };
  let mutual = 0;
  for (const [key, c] of joint) {
    const [p, g] = key.split('\u0000');
    const pc = byPred.get(typeof predicted[0] === 'number' ? Number(p) : p!)!;
    const gc = byGold.get(typeof gold[0] === 'number' ? Number(g) : g!)!;
    mutual += (c / n) * Math.log((c * n) / (pc * gc));
  }
  const hp = entropy(byPred.values());
  const hg = entropy(byGold.values());
  const nmi = hp + hg > 0 ? (2 * mutual) / (hp + hg) : 1;
  return { bcubedPrecision: precision, bcubedRecall: recall, bcubedF1: f1, nmi };
}
