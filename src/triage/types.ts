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
/** Both tag kinds, products first as tags are listed. */
export const TAG_KINDS: readonly TagKind[] = ['product', 'issue'];
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
  /** Which label or keyword raised it, or the words that made the flag model raise it. */
  reasons: string[];
}

/** What `triage(text)` returns: everything the shell stores, shows and clusters. */
export interface TriageResult {
  /** The text with customer data replaced; the only form that is stored or shown. */
  redacted: string;
  redactions: RedactionCounts;
  script: Script;
  tags: Tag[];
  flags: FlagHit[];
  /** True when no tag had enough evidence: never force a label. */
  unclassified: boolean;
  /** Taxonomy keyword concepts matched, as `label/keyword`: shared features for clustering. */
  concepts: string[];
  /** foldText(redacted) and tokenize() of it, reused by clustering. */
  folded: string;
  tokens: string[];
}
