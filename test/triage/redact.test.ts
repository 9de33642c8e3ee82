import { describe, expect, it } from 'vitest';
import { redact } from '../../src/triage/redact/index.js';

describe('redact: placeholders by kind', () => {
  it.each([
    ['客戶卡號4111 1111 1111 1111，請協助', '客戶卡號[card •••• 1111]，請協助', { card: 1 }],
    ['card 3782-822463-10005 declined', 'card [card •••• 0005] declined', { card: 1 }],
    ['身分證字號A123456789，居留證A800000014', '身分證字號[TW-ID]，居留證[TW-ID]', { tw_id: 2 }],
    ['身份证号11010519491231002X，请核实', '身份证号[CN-ID]，请核实', { cn_id: 1 }],
    ['手機 0912-345-678，家裡 (02) 2345-6789', '手機 [phone]，家裡 [phone]', { phone: 2 }],
    ['手机 138 1234 5678 或 +86 139-1234-5678', '手机 [phone] 或 [phone]', { phone: 2 }],
    ['call +44 20 7946 0958 or +1 (415) 555-2671.', 'call [phone] or [phone].', { phone: 2 }],
    ['email john.doe+bank@example.com.tw.', 'email [email].', { email: 1 }],
    ['IBAN GB82 WEST 1234 5698 7654 32 please', 'IBAN [IBAN] please', { iban: 1 }],
    ['帳號 012-34-5678901 轉帳失敗', '帳號 [account] 轉帳失敗', { account: 1 }],
    ['acct 12345678 is locked', 'acct [account] is locked', { account: 1 }],
    ['SSN 078-05-1120 on file', 'SSN [SSN] on file', { ssn: 1 }],
  ])('%s', (text, expected, counts) => {
    expect(redact(text)).toEqual({ text: expected, counts });
  });
});

describe('redact: ordinary numbers stay', () => {
  it.each([
    'charged NT$1,500 and ¥2000 and $35.00 and 1500元 on 2026-11-24 at 14:30',
    '2026/11/24 11月24日 下午 3:05，分行 052 的行員說 branch 0123 沒這服務',
    'the 6-digit OTP never came; OTP 收不到',
    'app v5.2.1 and 5.12.0 both crash; 利率 2.15%',
    'ref 1234567812345678 was rejected', // fails Luhn, no account word
    '帳戶 20261124 被扣款 1500 元', // a date next to an account word
    '帳戶餘額 15000000 不對',
    'my account balance shows USD 15000000',
  ])('%s', (text) => {
    expect(redact(text)).toEqual({ text, counts: {} });
  });
});

describe('redact: priority and boundaries', () => {
  it('a China ID is an ID, not a phone or an account', () => {
    expect(redact('账号 440304199003071213').counts).toEqual({ cn_id: 1 });
    expect(redact('账号 440304199003071214').counts).toEqual({ account: 1 }); // wrong check digit
  });

  it('a Luhn-valid number next to an account word is a card', () => {
    expect(redact('帳號 4111111111111111').counts).toEqual({ card: 1 });
  });

  it('a card number with a typo (fails Luhn) is still removed when called a card number', () => {
    expect(redact('卡號 4111111111111112').text).toBe('卡號 [account]');
  });

  it('does not take a card out of a longer digit run', () => {
    const run = '94111111111111111119';
    expect(redact(`batch ${run} done`).text).toBe(`batch ${run} done`);
  });

  it('two adjacent identifiers are both removed', () => {
    expect(redact('4111 1111 1111 1111 0912345678')).toEqual({
      text: '[card •••• 1111] [phone]',
      counts: { card: 1, phone: 1 },
    });
  });
});

describe('redact: full-width input keeps the user’s script', () => {
  it('finds full-width digits and leaves the rest of the text as written', () => {
    expect(redact('卡號４１１１－１１１１－１１１１－１１１１，手機０９１２３４５６７８')).toEqual({
      text: '卡號[card •••• 1111]，手機[phone]',
      counts: { card: 1, phone: 1 },
    });
  });

  it('finds full-width emails and IDs', () => {
    expect(redact('信箱ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ，身分證Ａ１２３４５６７８９').text).toBe('信箱[email]，身分證[TW-ID]');
  });
});

describe('redact: bad input never throws', () => {
  it.each([
    ['empty', ''],
    ['whitespace', '  \n '],
    ['100 KB of digits', '1'.repeat(100_000)],
    ['100 KB of spaced digits', '1 '.repeat(50_000)],
    ['100 KB of @', 'a@'.repeat(50_000)],
    ['100 KB of account words and digits', '帳號 1-'.repeat(20_000)],
    ['binary', Array.from({ length: 4096 }, (_, i) => String.fromCharCode(i % 65_536)).join('')],
    ['lone surrogates', '\ud800 4111111111111111 \udfff'],
    ['emoji only', '😡😡🙏🏻'],
  ])('%s', (_name, text) => {
    const r = redact(text);
    expect(typeof r.text).toBe('string');
    expect(typeof r.counts).toBe('object');
  });

  it('a long text with many identifiers removes all of them', () => {
    const text = '客戶卡號 4111 1111 1111 1111，電話 0912-345-678。'.repeat(2000);
    const r = redact(text);
    expect(r.counts).toEqual({ card: 2000, phone: 2000 });
    expect(r.text).not.toMatch(/0912|4111 1111/);
  });
});
