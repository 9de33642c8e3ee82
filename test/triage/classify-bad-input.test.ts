// Bad input never breaks triage: every result is well formed, junk is
// unclassified, and nothing throws.
import { describe, expect, it } from 'vitest';
import { readTaxonomy } from '../../src/store/taxonomy-files.js';
import { buildClassifier, maskNonEvidence, triage } from '../../src/triage/classify.js';
import type { TriageResult } from '../../src/triage/types.js';

const classifier = buildClassifier(readTaxonomy(), { folds: 0 });

function wellFormed(r: TriageResult): void {
  expect(typeof r.redacted).toBe('string');
  expect(['en', 'zh-Hant', 'zh-Hans', 'mixed', 'unknown']).toContain(r.script);
  expect(r.unclassified).toBe(r.tags.length === 0);
  for (const t of r.tags) {
    expect(['product', 'issue']).toContain(t.kind);
    expect(t.confidence).toBeGreaterThanOrEqual(0);
    expect(t.confidence).toBeLessThanOrEqual(1);
    expect(Array.isArray(t.reasons)).toBe(true);
  }
  for (const f of r.flags) expect(['compliance', 'customer_rights', 'major_risk']).toContain(f.flag);
  expect(Array.isArray(r.tokens)).toBe(true);
  expect(() => JSON.stringify(r)).not.toThrow();
}

describe('triage on bad input', () => {
  it.each([
    ['empty', ''],
    ['whitespace', ' \t\n\u3000  \r\n'],
    ['control characters', '\u0000\u0001\u0002\u001b[31m\u007f\u0085'],
    ['binary', String.fromCharCode(...Array.from({ length: 512 }, (_, i) => (i * 37) % 256))],
    ['lone surrogates', '\ud800\udfff\ud800 abc \udc00'],
    ['emoji only', '😀😂👍🏽🎉🔥❤️‍🔥'],
    ['Slack emoji codes only', ':rage: :rage: :thumbsup::skin-tone-3: :money_with_wings:'],
    ['punctuation and digits', '!!! ??? 123 456.78 ...'],
  ])('%s: well formed and unclassified', (_name, text) => {
    const r = triage(text, classifier);
    wellFormed(r);
    expect(r.unclassified).toBe(true);
    expect(r.flags).toEqual([]);
  });

  it('100 KB of text is handled and still finds the complaint in it', () => {
    const text = 'The app keeps crashing when I open my credit card statement. '.repeat(1700);
    expect(text.length).toBeGreaterThan(100_000);
    const r = triage(text, classifier);
    wellFormed(r);
    expect(r.tags.map((t) => t.label)).toEqual(expect.arrayContaining(['digital_channels', 'app_bug', 'cards']));
  });

  it('100 KB of one unbroken run of letters or Han characters is well formed', () => {
    wellFormed(triage('a'.repeat(100_000), classifier));
    wellFormed(triage('閃'.repeat(100_000), classifier));
  });

  it('mixed scripts in one text are classified across scripts', () => {
    const r = triage('customer says the app 一直閃退 after the update, 信用卡 page 打不開 😡', classifier);
    wellFormed(r);
    expect(r.script).toBe('mixed');
    expect(r.tags.map((t) => t.label)).toEqual(expect.arrayContaining(['digital_channels', 'app_bug']));
  });

  it('non-string input from a careless caller gives an empty, unclassified result', () => {
    const r = triage(undefined as unknown as string, classifier);
    wellFormed(r);
    expect(r).toMatchObject({ redacted: '', unclassified: true });
  });

  it('redaction placeholders are not evidence for a label', () => {
    const r = triage('4111 1111 1111 1111', classifier);
    expect(r.redacted).toBe('[card •••• 1111]');
    expect(r.unclassified).toBe(true);
  });
});

describe('Slack emoji codes', () => {
  it('are not evidence when they stand alone, and nothing else that looks like one is lost', () => {
    const codes = ':rage: :+1: :thumbsup::skin-tone-3: ';
    expect(maskNonEvidence(codes + 'ok')).toBe(' '.repeat(codes.length) + 'ok');
    for (const kept of ['问题:app:闪退', '12:30:45', 'error:txn_failed:timeout', 'https://x.example/a:b:c']) expect(maskNonEvidence(kept)).toBe(kept);
    // A full-width colon folds to ':' and must not hide the APP between two of them.
    const r = triage('問題：APP：閃退', classifier);
    expect(r.tags.map((t) => t.label)).toEqual(expect.arrayContaining(['digital_channels', 'app_bug']));
    expect(triage('app crashed again :rage:.', classifier).tags.flatMap((t) => t.reasons).join(' ')).not.toContain('rage');
  });
});

describe('complaint-database masks', () => {
  it('are not evidence (XXXX, XX/XX/XXXX, X月X日, XX支行), and words with an x keep it', () => {
    expect(triage('XXXX XXXX XX/XX/XXXX XXXX', classifier).unclassified).toBe(true);
    const masked = maskNonEvidence('on xx/xx/xxxx i called xxxx; x月x日在xx支行');
    expect(masked).not.toMatch(/x/);
    expect(masked.length).toBe('on xx/xx/xxxx i called xxxx; x月x日在xx支行'.length); // offsets hold
    for (const kept of ['charged 2x the fee', 'my xbox order', 'tax', 'x-ray']) expect(maskNonEvidence(kept)).toBe(kept);
    // The same complaint, masked or not, gets the same tags.
    const plain = triage('On 03/04/2025 I called Acme Bank about a $35 overdraft fee they refused to refund.', classifier);
    const cfpb = triage('On XX/XX/XXXX I called XXXX XXXX about a {$35.00} overdraft fee they refused to refund.', classifier);
    expect(cfpb.tags.map((t) => t.label)).toEqual(plain.tags.map((t) => t.label));
  });
});
