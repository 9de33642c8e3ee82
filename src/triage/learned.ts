// The seam between the keyword rules and the learned linear model
// (src/triage/model/): one model per tag kind, trained on the taxonomy's
// example sentences and labelled sets plus human corrections, with a `_none` class for texts
// that have no label of that kind (chit-chat, or an issue with no product).
// Everything else in the classifier sees only `LearnedScores`.
import { type LinearModel, trainLinearModel } from './model/index.js';
import type { TagKind } from './types.js';

export const NONE = '_none';

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

/** Undefined when the examples cannot train a model (fewer than two classes). */
export function trainLearned(examples: readonly LabelledText[], kind: TagKind): LearnedModel | undefined {
  const data = rows(examples, kind);
  if (new Set(data.map((r) => r.label)).size < 2) return undefined;
  return { kind, model: trainLinearModel(data, { seed: 11 }) };
}

export function scoreLearned(learned: LearnedModel | undefined, text: string): LearnedScores {
  const out: LearnedScores = new Map();
  if (!learned) return out;
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
