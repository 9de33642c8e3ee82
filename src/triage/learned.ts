// The seam between the keyword rules and the learned linear models
// (src/triage/model/): one model per tag kind, trained on the taxonomy's
// example sentences and labelled sets plus human corrections, with a `_none`
// class for texts that have no label of that kind (chit-chat, or an issue
// with no product).
// Everything else in the classifier sees only `LearnedScores`. The must-do
// flag model (trainFlagModel) learns from the labelled sets' flags, and the
// chatter model (trainChatterModel) tells office talk from feedback.
import { type LinearModel, trainLinearModel } from './model/index.js';
import { keywordsOf, type Taxonomy } from './taxonomy.js';
import type { MustDoFlag, TagKind } from './types.js';

export const NONE = '_none';

/**
 * The taxonomy's models stop the SVM solver early (epsilon 1 instead of 0.1):
 * leaving each labelled set out in turn, macro-F1 moved by at most ±0.003 on
 * six sets, and building the classifier went from 15.5 to 10.4 s. They also
 * drop weights below 0.01 (0.02 for the flag and office-talk models), which
 * the cache loads at every start: with fourteen labelled sets the cache went
 * from 79 to 54 MB and a cached cold start from about 290 to 250 ms, while
 * mean macro-F1 over eleven left-out sets moved from 0.8485 to 0.8477 and
 * each flag's F1 by at most 0.004.
 * The tag models keep only n-grams seen in two training rows or more (minDf
 * 2; a human correction is HUMAN_REPEAT rows, so its own words stay;
 * measured when a text with two labels was two rows): with twenty-five labelled sets
 * the cache went from 77 to 48 MB and a cached load from about 200 to 160 ms;
 * over sixteen left-out sets macro-F1 moved from 0.8582 to 0.8573 and twin
 * pairs with the same tags rose from 316 to 322 of 445 (an n-gram one text
 * used is mostly that text's own wording). The flag model keeps them all: at
 * minDf 2 its recall fell by 0.01–0.03.
 * C stays at the solver's default of 1 for the multi-label tag models.
 * Leaving each of 28 labelled sets out in turn, C 0.5 gave macro-F1 0.8557
 * against 0.8546 but 249 labels at the target against 251. C 2 was worse on
 * the first 22 sets (0.8718 against 0.8735, and 221 labels against 231).
 * Twice the C for a label's positive rows was also worse on the first 18
 * sets (0.8708 against 0.8717, 180 labels against 189). The calibration
 * re-fits either way, so such weights only tilt the models.
 */
const TAXONOMY_TRAINING = { seed: 11, epsilon: 1, pruneBelow: 0.01, minDf: 2 };
const SIDE_TRAINING = { ...TAXONOMY_TRAINING, pruneBelow: 0.02, minDf: 1 };

export interface LabelledText {
  text: string;
  products: string[];
  issues: string[];
  /**
   * Which kinds the labels speak for (default both). A human correction of the
   * product alone says nothing about the issue: it must not teach `_none`.
   */
  known?: readonly TagKind[];
}

/** Probability and explaining n-grams per label id (labels the model does not know are absent). */
export type LearnedScores = Map<string, { probability: number; features: string[] }>;

export interface LearnedModel {
  kind: TagKind;
  model: LinearModel;
}

/** One training row per (text, label); a text with no label of this kind is `_none`. */
function rows(examples: readonly LabelledText[], kind: TagKind): { text: string; label: string }[] {
  const out: { text: string; label: string }[] = [];
  for (const e of examples) {
    if (e.known && !e.known.includes(kind)) continue;
    const labels = kind === 'product' ? e.products : e.issues;
    if (labels.length === 0) out.push({ text: e.text, label: NONE });
    for (const label of labels) out.push({ text: e.text, label });
  }
  return out;
}

/**
 * Undefined when the examples cannot train a model (fewer than two classes).
 * Multi-label: a text with two labels is one row, positive for both, and each
 * label has its own sigmoid. As two rows sharing a softmax, the text was also
 * a negative for each of its labels and a second label (often
 * unclear_disclosure beside a fee or a failed payment) lost to the first.
 * With keywordExamples, leaving each of 28 labelled sets out: macro-F1 0.8517
 * → 0.8546, labels at target 236 → 251, twin pairs alike 486 → 487 of 705
 * (0.8553, 248 and 482 without keywordExamples). Blind holdouts 11 to 14:
 * macro-F1 0.821/0.808/0.842/0.830 → 0.827/0.813/0.841/0.845, labels at
 * target 29 → 30 of 84, unclear_disclosure recall about 0.6 → 0.75 on each.
 * Extra rows of two real texts run together, with both texts' labels (half
 * as many again), were meant to teach dense lines their second label: on 16
 * left-out sets recall rose 0.863 → 0.879 but precision fell 0.906 → 0.882,
 * labels at target 170 → 146 of 336, and the build took twice as long.
 */
export function trainLearned(examples: readonly LabelledText[], kind: TagKind): LearnedModel | undefined {
  const data = rows(examples, kind);
  if (new Set(data.map((r) => r.label)).size < 2) return undefined;
  return { kind, model: trainLinearModel(data, { ...TAXONOMY_TRAINING, multiLabel: true }) };
}

/**
 * Each full-weight keyword as a one-line example of its label, to train the
 * tag models (not the calibration, which is fitted on real texts). With a
 * sigmoid per label a probability is no longer relative to the other labels',
 * and a keyword the models had never seen counted for little: one a PM added
 * from Slack did not tag the other reports that used it. As an example, the
 * keyword is a row whose only n-grams are its own, so the models must weigh
 * them.
 */
export function keywordExamples(taxonomy: Taxonomy, canonical: (text: string) => string): LabelledText[] {
  return taxonomy.labels.flatMap((label) =>
    keywordsOf(label)
      .filter((k) => k.weight >= 1)
      .map((k) => ({ text: canonical(k.text), products: label.kind === 'product' ? [label.id] : [], issues: label.kind === 'issue' ? [label.id] : [], known: [label.kind] })),
  );
}

/**
 * No scores for a text without a letter or a Han character: digits and
 * punctuation alone are not feedback (an amount's shape leans to fees with a
 * sigmoid per label). Here, so the calibration sees what classify() sees.
 * The whole text is scored once: each label taking its best sentence's
 * probability (calibrated the same way) lost on 14 left-out sets, macro-F1
 * 0.8828 → 0.8529 (precision 0.903 → 0.851, recall 0.874 → 0.878).
 */
export function scoreLearned(learned: LearnedModel | undefined, text: string): LearnedScores {
  const out: LearnedScores = new Map();
  if (!learned || !/\p{L}/u.test(text)) return out;
  const labels = learned.model.labels;
  // Explanations cost time: only for labels that may be tagged (and the next one).
  const { probabilities: probs, top } = learned.model.probabilitiesExplained(text, (p) => {
    let explained = 0;
    for (let c = 0; c < labels.length; c++) if (labels[c] !== NONE && p[c]! >= 0.2) explained++;
    return explained > 0 ? explained + 1 : 0;
  });
  for (let c = 0; c < labels.length; c++) {
    const label = labels[c]!;
    if (label !== NONE) out.set(label, { probability: probs[c]!, features: [] });
  }
  for (const p of top) {
    const entry = out.get(p.label);
    if (entry) entry.features = p.features;
  }
  return out;
}

/** A labelled text for the must-do flag models: the flags it requires, and those left open (`also`). */
export interface FlaggedText {
  text: string;
  flags: readonly string[];
  also?: readonly string[];
}

/** A flag model needs this many positive texts for a flag before it learns that flag. */
const MIN_FLAG_POSITIVES = 20;

/**
 * One model over the must-do flags and `_none`, raising a flag from wording no
 * flag keyword covers ("third time this year, she wants someone senior").
 * A text with two flags is one row, positive for both (multi-label: each
 * flag has its own sigmoid probability); a text whose only flag is `also`
 * (defensible, not required) teaches nothing. As two rows sharing one softmax
 * the text was also a negative for each of its flags, and a second flag was
 * rarely raised: leaving each of eleven labelled sets out, F1 went from 0.76
 * to 0.78 for compliance and from 0.79 to 0.80 for customer_rights, with
 * precision the same or better at 0.6 and recall up by 0.03–0.05 at 0.5.
 * One model rather than one two-class model per flag: trained on three
 * labelled sets and scored on the fourth, customer_rights came out 0.83/0.80
 * against 0.84/0.78 for the per-flag models, compliance and major_risk the
 * same, for a third of the scoring time. Undefined when no flag has enough examples.
 */
export function trainFlagModel(texts: readonly FlaggedText[], flags: readonly MustDoFlag[]): LinearModel | undefined {
  const learnable = new Set<string>(flags.filter((f) => texts.filter((t) => t.flags.includes(f)).length >= MIN_FLAG_POSITIVES));
  if (learnable.size === 0) return undefined;
  const rows: { text: string; label: string }[] = [];
  for (const t of texts) {
    const own = t.flags.filter((f) => learnable.has(f));
    if (own.length > 0) for (const f of own) rows.push({ text: t.text, label: f });
    else if (!(t.also ?? []).some((f) => learnable.has(f))) rows.push({ text: t.text, label: NONE });
  }
  if (!rows.some((r) => r.label === NONE)) return undefined;
  return trainLinearModel(rows, { ...SIDE_TRAINING, multiLabel: true });
}

/** The flags whose probability for `text` reaches `threshold`, each with the n-grams that raised it. */
export function scoreFlags(model: LinearModel, text: string, threshold: number): { flag: MustDoFlag; probability: number; features: string[] }[] {
  const { top } = model.probabilitiesExplained(text, (p) => {
    let n = 0;
    for (let c = 0; c < p.length; c++) if (model.labels[c] !== NONE && p[c]! >= threshold) n++;
    return n === 0 ? 0 : n + 1;
  });
  return top.filter((t) => t.label !== NONE && t.probability >= threshold).map((t) => ({ flag: t.label as MustDoFlag, probability: t.probability, features: t.features }));
}

/** The chatter model's label for office talk and chit-chat; everything else is `_none`. */
export const CHATTER = 'chatter';

/**
 * A two-class model: is this text feedback at all, or office talk that happens
 * to use bank words ("can someone cover my teller window", "the mortgage
 * team's away day")? Keywords alone tag those. It learns from the labelled
 * texts: chatter is a text with no label and no flag, required or defensible.
 */
export function trainChatterModel(texts: readonly { text: string; chatter: boolean }[]): LinearModel | undefined {
  const rows = texts.map((t) => ({ text: t.text, label: t.chatter ? CHATTER : NONE }));
  if (!rows.some((r) => r.label === CHATTER) || !rows.some((r) => r.label === NONE)) return undefined;
  return trainLinearModel(rows, SIDE_TRAINING);
}

/** How likely `text` is office talk. */
export function chatterProbability(model: LinearModel, text: string): number {
  return model.probabilities(text)[model.labels.indexOf(CHATTER)] ?? 0;
}
