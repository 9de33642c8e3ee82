// The keyword rules are cached as plain JSON (rulesData) and rebuilt from it
// at every cached start (restoreRules): the rebuilt rules must match exactly
// what compiling the taxonomy gives, or a cached start would tag differently
// from the build that wrote the cache.
import { describe, expect, it } from 'vitest';
import { readTaxonomy } from '../../src/store/taxonomy-files.js';
import { foldText } from '../../src/triage/normalize.js';
import { applyRules, compileRules, restoreRules, rulesData, type RuleResult } from '../../src/triage/rules.js';

const taxonomy = readTaxonomy();
const compiled = compileRules(taxonomy);
const restored = restoreRules(taxonomy, JSON.parse(JSON.stringify(rulesData(compiled))));
const view = (r: RuleResult) => ({ canonical: r.canonical, hits: r.hits, flags: [...r.flags] });

describe('keyword rules through the cache', () => {
  it('match every labelled text exactly as freshly compiled rules do (tags, spans, flags)', () => {
    const texts = [
      ...(taxonomy.labelled ?? []).map((l) => l.text),
      'Charged an annual fee twice on my credit card',
      '網銀 APP 閃退，轉帳失敗還被扣手續費',
      '网银APP闪退，转账失败还被扣手续费',
      'my 身分證 was rejected at 開戶',
    ];
    let withHits = 0;
    let withFlags = 0;
    for (const text of texts) {
      const folded = foldText(text);
      const fresh = applyRules(compiled, folded);
      expect(view(applyRules(restored, folded)), text).toEqual(view(fresh));
      if (fresh.hits.length > 0) withHits++;
      if (fresh.flags.size > 0) withFlags++;
    }
    // The comparison means something only if the rules fire on many of the texts.
    expect(texts.length).toBeGreaterThan(1000);
    expect(withHits).toBeGreaterThan(texts.length / 2);
    expect(withFlags).toBeGreaterThan(100);
  });

  it('keep the regional word folding (Taiwan and mainland words for one thing)', () => {
    expect(compiled.words.size).toBeGreaterThan(0);
    expect(restored.words.size).toBe(compiled.words.size);
    expect(restored.patterns).toEqual(compiled.patterns);
  });
});
