// One-vs-rest linear SVM with the squared hinge loss, solved in the dual by
// coordinate descent with shrinking (Hsieh et al. 2008; liblinear's solver 1,
// what scikit-learn's LinearSVC runs). Sparse rows in CSR form.

export interface SparseRows {
  /** Row i's entries are at [ptr[i], ptr[i+1]). */
  ptr: Int32Array;
  cols: Int32Array;
  vals: Float32Array;
  nCols: number;
}

export interface SvmOptions {
  /** Inverse regularisation strength. */
  C: number;
  /** Stop when the projected-gradient spread falls below this (liblinear's eps). */
  epsilon: number;
  maxEpochs: number;
  /** Value of the constant bias feature (regularised like any weight, as liblinear). */
  bias: number;
  seed: number;
}

export interface BinarySvm {
  w: Float64Array;
  b: number;
  /** Dual variables, one per row: how much each example holds the boundary. */
  alpha: Float64Array;
}

/** Squared norms of the rows plus the bias feature: the diagonal of the kernel. */
export function rowNorms(x: SparseRows, bias: number): Float64Array {
  const n = x.ptr.length - 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = bias * bias;
    for (let p = x.ptr[i]!; p < x.ptr[i + 1]!; p++) s += x.vals[p]! * x.vals[p]!;
    out[i] = s;
  }
  return out;
}

/**
 * Trains w, b so that sign(w·x + b) = y, y[i] ∈ {+1, -1}, on the rows listed in
 * `rows` (all by default). `warm` continues from earlier dual variables, which
 * makes retraining on a superset of the rows cheap.
 */
export function trainBinarySvm(
  x: SparseRows,
  y: Int8Array,
  norms: Float64Array,
  o: SvmOptions,
  rows?: Int32Array,
  warm?: Float64Array,
): BinarySvm {
  const { ptr, cols, vals } = x;
  const w = new Float64Array(x.nCols);
  let b = 0;
  const alpha = warm ? Float64Array.from(warm) : new Float64Array(y.length);
  for (let i = 0; i < alpha.length; i++) {
    const d = alpha[i]! * y[i]!;
    if (d === 0) continue;
    for (let p = ptr[i]!; p < ptr[i + 1]!; p++) w[cols[p]!]! += d * vals[p]!;
    b += d * o.bias;
  }
  const diag = 0.5 / o.C;
  const qd = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) qd[i] = norms[i]! + diag;
  const index = rows ? Int32Array.from(rows) : Int32Array.from(y, (_, i) => i);
  const n = index.length;
  let active = n;
  let pgMaxOld = Infinity;
  let rng = o.seed >>> 0 || 1;

  for (let epoch = 0; epoch < o.maxEpochs; epoch++) {
    for (let s = 0; s < active; s++) {
      rng ^= rng << 13;
      rng ^= rng >>> 17;
      rng ^= rng << 5;
      const j = s + ((rng >>> 0) % (active - s));
      const t = index[s]!;
      index[s] = index[j]!;
      index[j] = t;
    }
    let pgMax = -Infinity;
    let pgMin = Infinity;
    for (let s = 0; s < active; s++) {
      const i = index[s]!;
      const yi = y[i]!;
      const start = ptr[i]!;
      const end = ptr[i + 1]!;
      let dot = b * o.bias;
      for (let p = start; p < end; p++) dot += w[cols[p]!]! * vals[p]!;
      const g = yi * dot - 1 + diag * alpha[i]!;
      let pg = g;
      if (alpha[i] === 0) {
        if (g > pgMaxOld) {
          // Shrinking: a correct, inactive example is unlikely to come back.
          active--;
          index[s] = index[active]!;
          index[active] = i;
          s--;
          continue;
        }
        if (g > 0) pg = 0;
      }
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[i]!;
        const next = Math.max(old - g / qd[i]!, 0);
        alpha[i] = next;
        const d = (next - old) * yi;
        for (let p = start; p < end; p++) w[cols[p]!]! += d * vals[p]!;
        b += d * o.bias;
      }
    }
    if (pgMax - pgMin <= o.epsilon) {
      if (active === n) break;
      active = n;
      pgMaxOld = Infinity;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
  }
  return { w, b: b * o.bias, alpha };
}
