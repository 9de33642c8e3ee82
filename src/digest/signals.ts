// Severity and sentiment signals for the digest score. Pure and small on
// purpose: they nudge the score, they never decide the must-do lane (flags do).
import type { MustDoFlag } from '../triage/types.js';

/**
 * Words that mark an upset customer, in English, Traditional and Simplified
 * Chinese. Matched case-insensitively as substrings, so "complaints" and
 * "complained" both count.
 */
export const NEGATIVE_LEXICON: readonly string[] = [
  // en
  'angry', 'furious', 'unacceptable', 'terrible', 'worst', 'frustrat', 'ridiculous', 'disappoint',
  'useless', 'annoy', 'upset', 'awful', 'horrible', 'complain', 'rip-off', 'ripped off', 'cheated',
  'never again', 'close my account', 'closing my account', 'fed up', 'outrage', 'disgust', 'scared', 'worried',
  // zh-Hant
  '生氣', '憤怒', '不滿', '失望', '離譜', '太扯', '受不了', '誇張', '氣死', '糟糕', '差勁', '爛', '抱怨', '投訴', '擔心', '害怕', '被騙', '不爽',
  // zh-Hans
  '生气', '愤怒', '不满', '离谱', '夸张', '气死', '差劲', '烂', '投诉', '担心', '被骗',
];

const negativePattern = new RegExp(
  NEGATIVE_LEXICON.map((w) => w.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|'),
  'i',
);

/** True when the text carries at least one negative-sentiment marker. */
export function isNegative(text: string): boolean {
  return negativePattern.test(text);
}

// How much harm an issue type usually means, 0–1. Matched on label ids by
// pattern, so a bank that renames `fraud_scam` to `fraud_and_scams` keeps it.
const ISSUE_SEVERITY: readonly [RegExp, number][] = [
  [/fraud|scam|unauthori/, 1],
  [/privacy|data/, 0.9],
  [/transaction|transfer|failed|delay/, 0.8],
  [/declin|block|retain|card_issue/, 0.7],
  [/login|auth|otp/, 0.7],
  [/access|elder|vulnerab/, 0.7],
  [/crash|bug|slow|outage/, 0.6],
  [/fee|interest|charge/, 0.5],
  [/kyc|opening/, 0.5],
  [/wait|staff|service/, 0.4],
  [/disclos|unclear|info/, 0.4],
  [/reward|promo|point/, 0.3],
  [/feature|suggest|request/, 0.2],
];
const DEFAULT_SEVERITY = 0.4;

const FLAG_SEVERITY: Record<MustDoFlag, number> = { major_risk: 1, compliance: 0.9, customer_rights: 0.8 };

/** Severity 0–1 of a cluster: its worst issue label or must-do flag. */
export function severityOf(issueLabels: readonly string[], flags: readonly MustDoFlag[]): number {
  let severity = issueLabels.length === 0 ? DEFAULT_SEVERITY : 0;
  for (const label of issueLabels) {
    const hit = ISSUE_SEVERITY.find(([re]) => re.test(label));
    severity = Math.max(severity, hit ? hit[1] : DEFAULT_SEVERITY);
  }
  for (const flag of flags) severity = Math.max(severity, FLAG_SEVERITY[flag]);
  return severity;
}

/** `cards=1.5,loans=1.2` → Map; products not listed weigh 1. */
export function parseProductWeights(text: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const pair of text.split(',')) {
    const [product, weight] = pair.split('=').map((s) => s.trim());
    if (product && weight !== undefined && Number.isFinite(Number(weight))) weights.set(product, Number(weight));
  }
  return weights;
}
