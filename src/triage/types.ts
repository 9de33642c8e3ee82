// Shared vocabulary of the triage core. Everything in src/triage/ is pure:
// text and data in, results out; no I/O, no Slack, no Prisma.

/** Detected writing system of a feedback text. */
export type Script = 'en' | 'zh-Hant' | 'zh-Hans' | 'mixed' | 'unknown';

/** Kinds of customer data that redaction removes (BRIEF.md). */
export type RedactionKind =
  | 'card'
  | 'tw_id'
  | 'cn_id'
  | 'phone'
  | 'email'
  | 'iban'
  | 'account'
  | 'ssn';

export type RedactionCounts = Partial<Record<RedactionKind, number>>;

export interface Redacted {
  /** The text with every identifier replaced by a typed placeholder. */
  text: string;
  counts: RedactionCounts;
}

export type TagKind = 'product' | 'issue';
export type TagOrigin = 'rule' | 'model' | 'human';
export type MustDoFlag = 'compliance' | 'customer_rights' | 'major_risk';

export interface Tag {
  kind: TagKind;
  /** Label id from the taxonomy, e.g. `cards` or `fees_interest`. */
  label: string;
  /** Calibrated probability in [0, 1]. */
  confidence: number;
  /** The keywords or n-grams that produced the tag, as the user wrote them. */
  reasons: string[];
  origin: TagOrigin;
}

export interface FlagHit {
  flag: MustDoFlag;
  /** Which label or keyword raised it. */
  reasons: string[];
}
