// A bad taxonomy file fails at load with the file, the path inside it and
// what is wrong; the regional word groups fold both scripts to one text.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTaxonomy } from '../../src/store/taxonomy-files.js';
import { buildClassifier, triage } from '../../src/triage/classify.js';
import { loadTaxonomy, TaxonomyError } from '../../src/triage/taxonomy.js';
import { BUILD_TIMEOUT } from '../support/timeouts.js';

const issues = `kind: issue
labels:
  - id: app_bug
    names: { en: App bug, zh-TW: APP 錯誤, zh-CN: APP 错误 }
    keywords: { en: [crash], zh-TW: [閃退], zh-CN: [闪退] }
`;
const products = `kind: product
labels:
  - id: cards
    names: { en: Cards, zh-TW: 卡, zh-CN: 卡 }
    keywords: { en: [card], zh-TW: [信用卡], zh-CN: [信用卡] }
`;

function failure(sources: { file: string; text: string }[]): TaxonomyError {
  try {
    loadTaxonomy(sources);
  } catch (error) {
    expect(error).toBeInstanceOf(TaxonomyError);
    return error as TaxonomyError;
  }
  throw new Error('expected the taxonomy to be rejected');
}

describe('taxonomy file errors', () => {
  it('a keyword of the wrong type: file, path and problem', () => {
    const bad = issues.replace('en: [crash]', 'en: [crash, 42]');
    const e = failure([{ file: 'issues.yaml', text: bad }, { file: 'products.yaml', text: products }]);
    expect(e.message).toMatch(/^issues\.yaml: labels\[0\]\.keywords\.en\[1\]: /);
    expect(e.message).toMatch(/expected/);
  });

  it('a missing script of keywords', () => {
    const bad = issues.replace(', zh-CN: [闪退]', '');
    expect(failure([{ file: 'issues.yaml', text: bad }]).message).toContain("issues.yaml: labels[0].keywords.zh-CN:");
  });

  it('an unknown field is named', () => {
    const bad = issues.replace('    keywords:', '    keywrods: x\n    keywords:');
    expect(failure([{ file: 'issues.yaml', text: bad }]).message).toMatch(/issues\.yaml: labels\[0\].*keywrods/);
  });

  it('a bad id says what an id looks like', () => {
    const bad = issues.replace('id: app_bug', 'id: App Bug');
    expect(failure([{ file: 'issues.yaml', text: bad }]).message).toContain('issues.yaml: labels[0].id: expected a lower-case id like fees_interest');
  });

  it('YAML that does not parse names the file', () => {
    expect(failure([{ file: 'products.yaml', text: 'kind: product\nlabels: [\n' }]).message).toMatch(/^products\.yaml: not valid YAML: /);
  });

  it('an example naming an unknown label, and a label defined twice', () => {
    const examples = 'kind: examples\nexamples:\n  - { text: hello, products: [cards], issues: [nope] }\n';
    const e = failure([
      { file: 'issues.yaml', text: issues },
      { file: 'products.yaml', text: products },
      { file: 'examples/en.yaml', text: examples },
    ]);
    expect(e.message).toBe("examples/en.yaml: examples[0].issues[0]: 'nope' is not a issue label");
    const twice = failure([{ file: 'issues.yaml', text: issues }, { file: 'more.yaml', text: issues }]);
    expect(twice.message).toBe("more.yaml: labels[0].id: 'app_bug' is already defined in issues.yaml");
  });

  it('a synonym group with a non-Chinese word', () => {
    const e = failure([{ file: 'synonyms.yaml', text: 'kind: synonyms\ngroups:\n  - [短信, sms]\n' }]);
    expect(e.message).toBe('synonyms.yaml: groups[0][1]: expected a Chinese word');
  });

  it('a labelled set: a line that is not JSON, a missing field and an unknown label name the file and line', () => {
    const lines = [
      '{"id":"a","lang":"en","text":"card declined","products":["cards"],"issues":["app_bug"]}',
      '{"id":"b","text": ',
      '{"id":"c","lang":"en","text":"hi"}',
      '',
      '{"id":"d","lang":"en","text":"crash","products":[],"issues":["nope"],"also":["cards","compliance","what"]}',
    ].join('\n');
    const base = [
      { file: 'issues.yaml', text: issues },
      { file: 'products.yaml', text: products },
    ];
    const e = failure([...base, { file: 'labelled/x/en.jsonl', text: lines }]);
    expect(e.message).toContain('labelled/x/en.jsonl: line 2: not valid JSON');
    expect(e.message).toContain('labelled/x/en.jsonl: line 3: products:');
    // Valid JSON naming unknown labels, after a blank line and a good line: reported at line 3.
    const good = ['', lines.split('\n')[0], lines.split('\n')[4]].join('\n');
    const unknown = failure([...base, { file: 'labelled/x/en.jsonl', text: good }]).message;
    expect(unknown).toContain("labelled/x/en.jsonl: line 3 (d): 'nope' is not an issue label");
    expect(unknown).toContain("labelled/x/en.jsonl: line 3 (d): also: 'what' is not a label or flag");
    expect(unknown).not.toContain("'cards'");
  });

  it('reading a folder reports the file relative to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'frontline-taxonomy-'));
    mkdirSync(join(dir, 'examples'));
    writeFileSync(join(dir, 'issues.yaml'), issues);
    writeFileSync(join(dir, 'products.yaml'), products);
    writeFileSync(join(dir, 'examples', 'bad.yaml'), 'kind: examples\nexamples: []\n');
    expect(() => readTaxonomy(dir)).toThrow(/^examples\/bad\.yaml: examples: /);
    expect(() => readTaxonomy(join(dir, 'missing'))).toThrow(/missing: cannot read the taxonomy folder/);
  });
});

describe('regional word groups', () => {
  it('the same complaint in Taiwan and mainland words gets the same tags and confidences', () => {
    const classifier = buildClassifier(readTaxonomy());
    const pairs = [
      ['網路銀行登入時簡訊驗證碼一直收不到', '网上银行登录时短信验证码一直收不到'],
      ['客人說提款機沒吐鈔但是錢被扣了', '客户说取款机没吐钞但是钱被扣了'],
    ];
    for (const [hant, hans] of pairs) {
      const a = triage(hant!, classifier);
      const b = triage(hans!, classifier);
      expect(a.tags.length).toBeGreaterThan(0);
      expect(b.tags.map((t) => [t.label, t.confidence])).toEqual(a.tags.map((t) => [t.label, t.confidence]));
      // Reasons quote each text as written, not the folded form.
      expect(a.tags.flatMap((t) => t.reasons).join('')).toMatch(/[簡銀鈔]/);
    }
  }, BUILD_TIMEOUT);

  it('a group of one word protects it from a shorter entry', () => {
    const taxonomy = loadTaxonomy([
      { file: 'issues.yaml', text: issues },
      { file: 'products.yaml', text: products.replace('zh-TW: [信用卡]', 'zh-TW: [信用卡, 櫃員]') },
      { file: 'synonyms.yaml', text: 'kind: synonyms\ngroups:\n  - [柜员, 行員]\n  - [银行员]\n' },
    ]);
    const classifier = buildClassifier(taxonomy, { learn: false });
    expect(triage('分行的行員很好', classifier).tags.map((t) => t.label)).toEqual(['cards']);
    expect(triage('銀行員工很好', classifier).unclassified).toBe(true);
  });
});
