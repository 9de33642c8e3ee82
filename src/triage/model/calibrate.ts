// Probabilities from SVM margins: softmax(margin / T), with T chosen to
// minimise the log-loss of held-out margins (a one-parameter fit, so it
// cannot overfit and keeps the ranking of labels unchanged). A multi-label
// model gives each label sigmoid(a·margin + b) instead (Platt scaling, one
// pair for all labels).

/** In-place softmax of `scores[0..n)` divided by `temperature`. */
export function softmax(scores: Float64Array, n: number, temperature: number): void {
  let max = -Infinity;
  for (let c = 0; c < n; c++) if (scores[c]! > max) max = scores[c]!;
  let sum = 0;
  for (let c = 0; c < n; c++) {
    const e = Math.exp((scores[c]! - max) / temperature);
    scores[c] = e;
    sum += e;
  }
  for (let c = 0; c < n; c++) scores[c]! /= sum;
}

function logLoss(margins: Float64Array, target: Int32Array, nLabels: number, temperature: number): number {
  let loss = 0;
  for (let i = 0; i < target.length; i++) {
    const base = i * nLabels;
    let max = -Infinity;
    for (let c = 0; c < nLabels; c++) max = Math.max(max, margins[base + c]!);
    let sum = 0;
    for (let c = 0; c < nLabels; c++) sum += Math.exp((margins[base + c]! - max) / temperature);
    loss += Math.log(sum) - (margins[base + target[i]!]! - max) / temperature;
  }
  return loss / Math.max(1, target.length);
}

/** Golden-section search over log T for the lowest log-loss. */
export function fitTemperature(margins: Float64Array, target: Int32Array, nLabels: number): number {
  if (nLabels < 2 || target.length === 0) return 1;
  const phi = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(0.01);
  let hi = Math.log(10);
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = logLoss(margins, target, nLabels, Math.exp(a));
  let fb = logLoss(margins, target, nLabels, Math.exp(b));
  for (let step = 0; step < 30; step++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = logLoss(margins, target, nLabels, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = logLoss(margins, target, nLabels, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * Platt scaling shared by all labels: the a, b of sigmoid(a·margin + b) with
 * the lowest log-loss over every (held-out text, label) pair, a pair being
 * positive when the label is one of the text's. Newton's method on two
 * parameters.
 */
export function fitSigmoid(margins: Float64Array, labelsOf: readonly (readonly number[])[], nLabels: number): [number, number] {
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 50; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    labelsOf.forEach((own, i) => {
      for (let c = 0; c < nLabels; c++) {
        const m = margins[i * nLabels + c]!;
        const p = 1 / (1 + Math.exp(-(a * m + b)));
        const d = p - (own.includes(c) ? 1 : 0);
        const s = Math.max(p * (1 - p), 1e-9);
        ga += d * m;
        gb += d;
        haa += s * m * m;
        hab += s * m;
        hbb += s;
      }
    });
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 1e-12)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-8) break;
  }
  return Number.isFinite(a) && Number.isFinite(b) && a > 0 ? [a, b] : [1, 0];
}

/** In-place sigmoid(a·score + b) of `scores[0..n)`. */
export function sigmoid(scores: Float64Array, n: number, [a, b]: readonly [number, number]): void {
  for (let c = 0; c < n; c++) scores[c] = 1 / (1 + Math.exp(-(a * scores[c]! + b)));
}
