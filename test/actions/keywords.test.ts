// Writing a keyword into a taxonomy file: only the label's list changes, in the
// list of the keyword's script, quoted when YAML needs it; duplicates are refused.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addKeywordToYaml, keywordLanguage } from '../../src/actions/keywords.js';
import { ActionError } from '../../src/actions/errors.js';

const FILE = `# Products: comments stay.
kind: product
labels:
  - id: cards
    names: { en: Cards, zh-TW: 卡, zh-CN: 卡 }
    keywords:
      en: [card, { text: chip, weight: 0.5 }]
      zh-TW: [信用卡]
      zh-CN: [信用卡]   # trailing comment
    negative: []
  - id: loans
    names: { en: Loans, zh-TW: 貸款, zh-CN: 贷款 }
    keywords:
      en: [loan]
      zh-TW: [貸款]
      zh-CN: [贷款]
    negative: []
`;

describe('addKeywordToYaml', () => {
  it('appends to the label’s list for the keyword’s script and leaves every other line as it was', () => {
    const out = addKeywordToYaml(FILE, 'product', 'cards', 'card retained')!;
    expect(out.language).toBe('en');
    const changed = out.text.split('\n').filter((line, i) => line !== FILE.split('\n')[i]);
    expect(changed).toEqual(['      en: [card, { text: chip, weight: 0.5 }, card retained]']);
    const zh = addKeywordToYaml(out.text, 'product', 'cards', '吞卡机')!;
    expect(zh.language).toBe('zh-CN');
    expect(zh.text).toContain('zh-CN: [信用卡, 吞卡机]   # trailing comment');
    expect(keywordLanguage('吞卡機')).toBe('zh-TW');
  });

  it('quotes a keyword YAML would misread, and the file still parses to the same keyword', () => {
    const out = addKeywordToYaml(FILE, 'product', 'loans', 'loan: early, fee')!;
    const parsed = parse(out.text) as { labels: { id: string; keywords: { en: unknown[] } }[] };
    expect(parsed.labels.find((l) => l.id === 'loans')!.keywords.en).toEqual(['loan', 'loan: early, fee']);
  });

  it('refuses a keyword the label already has, and ignores files without the label', () => {
    expect(() => addKeywordToYaml(FILE, 'product', 'cards', 'CARD')).toThrow(ActionError);
    expect(addKeywordToYaml(FILE, 'issue', 'cards', 'x y')).toBeUndefined();
    expect(addKeywordToYaml(FILE, 'product', 'wealth', 'x y')).toBeUndefined();
  });
});
