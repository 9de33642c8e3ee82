// Keyword rules compiled from the taxonomy: every keyword of every label and
// flag goes into one Matcher; applying the rules to folded text gives, per
// label, the keywords that matched and their summed weight, plus the must-do
// flags raised by keywords.
import { foldText } from './normalize.js';
import { compileMatcher, latinWords, Matcher, sourceSpan, WordFolder, type MatcherData } from './matcher.js';
import { keywordList, keywordsOf, type Taxonomy, type TaxonomyLabel } from './taxonomy.js';
import type { MustDoFlag } from './types.js';

export interface Owner {
  /** Index into labels, or -1 for a flag keyword. */
  label: number;
  weight: number;
  flags: MustDoFlag[];
  negative: boolean;
  /** For a flag keyword: the label that must be tagged for the flag to count. */
  requires?: string;
}

export interface FlagSpan {
  start: number;
  end: number;
  keyword: string;
  requires?: string;
}

export interface CompiledRules {
  labels: TaxonomyLabel[];
  matcher: Matcher;
  /** Regional words folded to one form, for keywords and texts alike. */
  words: WordFolder;
  /** Folded keyword text per pattern (the concept shared by both scripts). */
  patterns: string[];
  owners: Owner[][];
}

export interface RuleHit {
  label: number;
  score: number;
  /** Matched spans in the folded text, longest first. */
  spans: { start: number; end: number; keyword: string }[];
}

export interface RuleResult {
  /** The folded text after regional word folding: what the learned model scores too. */
  canonical: string;
  hits: RuleHit[];
  /** Flag → the keywords (folded spans) that raised it. */
  flags: Map<MustDoFlag, FlagSpan[]>;
}

/**
 * Compiled rules as plain JSON (folded synonym groups, folded keywords and
 * their owners, stemmed patterns): what the classifier cache stores, since
 * folding and stemming every keyword is most of compileRules' cost.
 */
export interface RulesData {
  groups: readonly (readonly string[])[];
  patterns: string[];
  owners: Owner[][];
  matcher: MatcherData;
}

export function rulesData(rules: CompiledRules): RulesData {
  return {
    groups: rules.words.groups,
    patterns: rules.patterns,
    owners: rules.owners,
    matcher: rules.matcher.data,
  };
}

/** The rules rulesData was taken from; `taxonomy` must be the one they were compiled from. */
export function restoreRules(taxonomy: Taxonomy, data: RulesData): CompiledRules {
  return {
    labels: taxonomy.labels,
    matcher: new Matcher(data.matcher),
    words: new WordFolder(data.groups),
    patterns: data.patterns,
    owners: data.owners,
  };
}

/** Folded text with regional words folded: the form rules and the learned model see. */
export function canonicalText(rules: Pick<CompiledRules, 'words'>, folded: string): string {
  return rules.words.apply(folded).text;
}

export function compileRules(taxonomy: Taxonomy): CompiledRules {
  const words = new WordFolder((taxonomy.synonyms ?? []).map((g) => g.map((w) => foldText(w))));
  const index = new Map<string, number>();
  const patterns: string[] = [];
  const owners: Owner[][] = [];
  const add = (text: string, owner: Owner) => {
    const folded = words.apply(foldText(text)).text;
    if (folded === '') return;
    let id = index.get(folded);
    if (id === undefined) {
      id = patterns.length;
      index.set(folded, id);
      patterns.push(folded);
      owners.push([]);
    }
    owners[id]!.push(owner);
  };
  taxonomy.labels.forEach((label, i) => {
    for (const k of keywordsOf(label)) add(k.text, { label: i, weight: k.weight * label.weight, flags: k.flags, negative: false });
    for (const n of label.negative) add(n, { label: i, weight: 0, flags: [], negative: true });
  });
  for (const flag of taxonomy.flags) {
    for (const k of keywordsOf(flag)) add(k.text, { label: -1, weight: 0, flags: [flag.id], negative: false });
    for (const w of flag.when) {
      for (const k of keywordList(w.keywords)) add(k.text, { label: -1, weight: 0, flags: [flag.id], negative: false, requires: w.label });
    }
  }
  return { labels: taxonomy.labels, matcher: compileMatcher(patterns), words, patterns, owners };
}

/**
 * Matches folded text. Within one label a match inside a longer match of the
 * same label does not count again ("annual fee" is one piece of evidence,
 * not two); a negative keyword of a label cancels that label.
 */
export function applyRules(rules: CompiledRules, folded: string): RuleResult {
  const words = rules.words.apply(folded);
  const canonical = words.text;
  const matches = rules.matcher.match(canonical, latinWords(canonical));
  matches.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const byLabel = new Map<number, RuleHit>();
  const negated = new Set<number>();
  const flags = new Map<MustDoFlag, FlagSpan[]>();
  // Containment is judged on the canonical text, so both scripts count the same evidence.
  const taken = new Map<number, { start: number; end: number }[]>();
  for (const m of matches) {
    // Offsets of the caller's folded text, so reasons quote what the user wrote.
    const span = { ...sourceSpan(words, m.start, m.end), keyword: rules.patterns[m.pattern]! };
    for (const owner of rules.owners[m.pattern]!) {
      for (const flag of owner.flags) {
        const list = flags.get(flag) ?? [];
        if (!list.some((s) => s.keyword === span.keyword && s.requires === owner.requires)) list.push({ ...span, requires: owner.requires });
        flags.set(flag, list);
      }
      if (owner.label < 0) continue;
      if (owner.negative) {
        negated.add(owner.label);
        continue;
      }
      let hit = byLabel.get(owner.label);
      if (!hit) byLabel.set(owner.label, (hit = { label: owner.label, score: 0, spans: [] }));
      const spans = taken.get(owner.label) ?? [];
      if (spans.some((s) => s.start <= m.start && m.end <= s.end)) continue;
      spans.push(m);
      taken.set(owner.label, spans);
      hit.spans.push(span);
      hit.score += owner.weight;
    }
  }
  const hits = [...byLabel.values()].filter((h) => !negated.has(h.label));
  return { canonical, hits, flags };
}
