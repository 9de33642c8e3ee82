// The labelled feedback sets in intents/labelled/ train the learned model: a
// way of saying something that no keyword covers is learned from them (tags
// and must-do flags), and a label that is only "also" (defensible, not
// required) teaches nothing.
import { describe, expect, it } from 'vitest';
import { buildClassifier, triage } from '../../src/triage/classify.js';
import { labelledExamples } from '../../src/triage/training-rows.js';
import { loadTaxonomy } from '../../src/triage/taxonomy.js';

const files = [
  {
    file: 'issues.yaml',
    text: `kind: issue
labels:
  - id: app_bug
    names: { en: App bug, zh-TW: APP 錯誤, zh-CN: APP 错误 }
    keywords: { en: [crash], zh-TW: [閃退], zh-CN: [闪退] }
  - id: fees_interest
    names: { en: Fees, zh-TW: 費用, zh-CN: 费用 }
    keywords: { en: [fee], zh-TW: [手續費], zh-CN: [手续费] }
`,
  },
  {
    file: 'products.yaml',
    text: `kind: product
labels:
  - id: cards
    names: { en: Cards, zh-TW: 卡, zh-CN: 卡 }
    keywords: { en: [card], zh-TW: [信用卡], zh-CN: [信用卡] }
`,
  },
];

const screen = ['the screen goes white and then it closes', 'screen went white and closed on him', 'white screen then it closes itself', 'goes white and closes every time'];
const labelled = [
  ...screen.map((text, i) => ({ id: `s${i}`, lang: 'en', text, products: [], issues: ['app_bug'] })),
  ...['lunch at noon?', 'thanks all', 'who has the stapler', 'see you tomorrow'].map((text, i) => ({ id: `c${i}`, lang: 'en', text, products: [], issues: [] })),
  { id: 'h', lang: 'en', text: 'fee on the card app again', products: [], issues: ['fees_interest'], also: ['cards'] },
];
const jsonl = labelled.map((l) => JSON.stringify(l)).join('\n');

describe('labelled feedback sets', () => {
  it('teach the model a way of saying it that no keyword covers', () => {
    const without = buildClassifier(loadTaxonomy(files));
    const withSets = buildClassifier(loadTaxonomy([...files, { file: 'labelled/staff/en.jsonl', text: jsonl }]));
    const text = 'customer says the screen goes white and closes';
    expect(triage(text, without).unclassified).toBe(true);
    const tags = triage(text, withSets).tags;
    expect(tags.map((t) => t.label)).toEqual(['app_bug']);
    expect(tags[0]!.origin).toBe('model');
    expect(triage('lunch at noon?', withSets).unclassified).toBe(true);
  });

  it('leave a kind unknown when its only label is "also"', () => {
    const taxonomy = loadTaxonomy([...files, { file: 'labelled/staff/en.jsonl', text: jsonl }]);
    const hedged = labelledExamples(taxonomy).find((e) => e.text.startsWith('fee on the card'));
    expect(hedged).toMatchObject({ products: [], issues: ['fees_interest'], known: ['issue'] });
    expect(labelledExamples(taxonomy).find((e) => e.text === 'thanks all')?.known).toEqual(['product', 'issue']);
  });

  it('teach the must-do flags: a phrase no flag keyword covers raises the flag, with its words as the reason', () => {
    const people = ['Mr Chen', 'the lady from Elm St', 'a student', 'an old gent', 'Mrs Lin', 'a shop owner', 'the teacher', 'a nurse', 'Mr Wu', 'a driver'];
    const flagged = people.flatMap((who, i) => [
      { id: `z${i}`, text: `${who} demands the zorblat review of his case`, products: [], issues: [], flags: ['customer_rights'] },
      { id: `y${i}`, text: `${who} asked for a zorblat review, very upset`, products: [], issues: [], flags: ['customer_rights'] },
    ]);
    const plain = people.flatMap((who, i) => [
      { id: `p${i}`, text: `${who} asked about opening hours`, products: [], issues: [], flags: [] },
      { id: `q${i}`, text: `${who} collected a new card today`, products: ['cards'], issues: [], flags: [] },
    ]);
    const set = [...flagged, ...plain].map((l) => JSON.stringify(l)).join('\n');
    const withSets = buildClassifier(loadTaxonomy([...files, { file: 'labelled/staff/en.jsonl', text: set }]));
    const text = 'customer wants a zorblat review of the card fee';
    expect(triage(text, buildClassifier(loadTaxonomy(files))).flags).toEqual([]);
    const flags = triage(text, withSets).flags;
    expect(flags.map((f) => f.flag)).toEqual(['customer_rights']);
    expect(flags[0]!.reasons.join(' ')).toContain('zorblat');
    expect(triage('asked about opening hours of the card centre', withSets).flags).toEqual([]);
    // Text the classifier did not understand raises no learned flag (it would alert the escalation channel).
    const unclassified = triage('customer wants a zorblat review', withSets);
    expect(unclassified.unclassified).toBe(true);
    expect(unclassified.flags).toEqual([]);
  });

  it('learn office talk from the chit-chat: its bank words tag nothing and raise no flag', () => {
    const flagFile = {
      file: 'flags.yaml',
      text: `kind: flag
flags:
  - id: compliance
    names: { en: Compliance, zh-TW: 法遵, zh-CN: 合规 }
    keywords: { en: [aml], zh-TW: [洗錢], zh-CN: [洗钱] }
`,
    };
    const office = [
      'aml refresher training is due friday, team',
      'reminder: the aml e-learning closes at 5pm',
      'who has finished the aml course? lunch after',
      'aml quiz for the whole branch next week',
      'the aml trainer is running late, start at 10',
      'card team lunch is on friday, sign up by noon',
      'birthday cake for the cards desk at 3pm',
      'quiz night with the card team, bring snacks',
      'farewell lunch for Amy from the card team',
      'card team football on saturday, need two more',
    ];
    const feedback = [
      'customer says his card was declined at the supermarket',
      'card swallowed by the machine, she is very upset',
      'fee charged twice on her card statement',
      'card payment keeps failing online for him',
      'he wants his card replaced, the chip is broken',
      'new card never arrived, third time she calls',
      'card blocked after one wrong PIN, customer angry',
      'annual fee on the card was not explained to her',
      'customer cannot activate the new card',
      'card frozen after an aml check, he cannot pay rent',
    ];
    const rows = [
      ...office.map((text, i) => ({ id: `o${i}`, text, products: [], issues: [], flags: [] })),
      ...feedback.map((text, i) => ({ id: `f${i}`, text, products: ['cards'], issues: [], flags: text.includes('aml') ? ['compliance'] : [] })),
    ];
    const set = rows.map((l) => JSON.stringify(l)).join('\n');
    const keywordsOnly = buildClassifier(loadTaxonomy([...files, flagFile]));
    const withSets = buildClassifier(loadTaxonomy([...files, flagFile, { file: 'labelled/staff/en.jsonl', text: set }]));
    const memo = 'aml training for the card team by friday please';
    expect(triage(memo, keywordsOnly).flags.map((f) => f.flag)).toEqual(['compliance']);
    expect(triage(memo, withSets)).toMatchObject({ unclassified: true, tags: [], flags: [] });
    const complaint = triage('her card was frozen after an aml review, she is very upset', withSets);
    expect(complaint.tags.map((t) => t.label)).toContain('cards');
    expect(complaint.flags.map((f) => f.flag)).toEqual(['compliance']);
  });
});
