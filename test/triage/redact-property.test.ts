// Property tests for redaction: every valid identifier (generated with a
// correct checksum, in every written form) disappears from en, zh-Hant and
// zh-Hans text; ordinary numbers stay (≤ 1% false positives).
// The generators compute check digits themselves, independently of src/.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/triage/redact/index.js';
import type { RedactionKind } from '../../src/triage/types.js';

interface Identifier {
  kind: RedactionKind;
  /** As it appears in the text. */
  text: string;
  /** Digits that may remain afterwards (a card's last four). */
  kept: string;
}

const digits = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((a) => a.join(''));

function luhnCheckDigit(partial: string): string {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

function group(s: string, sizes: number[], sep: string): string {
  const out: string[] = [];
  let at = 0;
  for (const n of sizes) {
    if (at >= s.length) break;
    out.push(s.slice(at, at + n));
    at += n;
  }
  if (at < s.length) out.push(s.slice(at));
  return out.join(sep);
}

const toFullWidth = (s: string) =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

// --- identifiers -----------------------------------------------------------

const CARD_BRANDS: { prefixes: string[]; lengths: number[] }[] = [
  { prefixes: ['4'], lengths: [13, 16, 19] }, // Visa
  { prefixes: ['51', '52', '53', '54', '55', '2221', '2500', '2720'], lengths: [16] }, // Mastercard
  { prefixes: ['34', '37'], lengths: [15] }, // Amex
  { prefixes: ['62'], lengths: [16, 17, 18, 19] }, // UnionPay
  { prefixes: ['3528', '3589'], lengths: [16] }, // JCB
  { prefixes: ['6011', '65'], lengths: [16] }, // Discover
];

const card: fc.Arbitrary<Identifier> = fc
  .tuple(fc.constantFrom(...CARD_BRANDS), fc.nat(), fc.nat(), digits(19, 19), fc.constantFrom('plain', 'space', 'dash', 'amex'))
  .map(([brand, p, l, body, format]) => {
    const prefix = brand.prefixes[p % brand.prefixes.length] ?? '4';
    const length = brand.lengths[l % brand.lengths.length] ?? 16;
    const partial = (prefix + body).slice(0, length - 1);
    const pan = partial + luhnCheckDigit(partial);
    const text =
      format === 'plain'
        ? pan
        : format === 'amex' && length === 15
          ? group(pan, [4, 6, 5], ' ')
          : group(pan, [4, 4, 4, 4], format === 'dash' ? '-' : ' ');
    return { kind: 'card', text, kept: pan.slice(-4) };
  });

const TW_CODES: Record<string, number> = {
  A: 10, B: 11, C: 12, D: 13, E: 14, F: 15, G: 16, H: 17, I: 34, J: 18, K: 19, L: 20, M: 21,
  N: 22, O: 35, P: 23, Q: 24, R: 25, S: 26, T: 27, U: 28, V: 29, W: 32, X: 30, Y: 31, Z: 33,
};

const twId: fc.Arbitrary<Identifier> = fc
  .tuple(fc.constantFrom(...Object.keys(TW_CODES)), fc.constantFrom('1', '2', '8', '9', 'A', 'B', 'C', 'D'), digits(7, 7), fc.boolean())
  .map(([letter, second, body, lower]) => {
    const area = TW_CODES[letter] ?? 10;
    const secondValue = /\d/.test(second) ? Number(second) : (TW_CODES[second] ?? 0) % 10;
    let sum = Math.floor(area / 10) + (area % 10) * 9 + secondValue * 8;
    for (let i = 0; i < 7; i++) sum += Number(body[i]) * (7 - i);
    const id = letter + second + body + String((10 - (sum % 10)) % 10);
    return { kind: 'tw_id', text: lower ? id.toLowerCase() : id, kept: '' };
  });

const CN_PROVINCES = ['11', '12', '31', '32', '33', '35', '44', '50', '51', '61', '65'];
const cnId: fc.Arbitrary<Identifier> = fc
  .tuple(
    fc.constantFrom(...CN_PROVINCES),
    digits(4, 4),
    fc.date({ min: new Date('1930-01-01'), max: new Date('2012-12-31'), noInvalidDate: true }),
    digits(3, 3),
    fc.constantFrom('plain', 'lower-x', 'spaced'),
  )
  .map(([province, district, birth, seq, format]) => {
    const date = birth.toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = province + district + date + seq;
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = weights.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
    let id = first17 + ('10X98765432'[sum % 11] ?? '');
    if (format === 'lower-x') id = id.toLowerCase();
    if (format === 'spaced') id = group(id, [6, 8, 4], ' ');
    return { kind: 'cn_id', text: id, kept: '' };
  });

const twMobile = fc
  .tuple(digits(8, 8), fc.constantFrom('plain', 'dash', 'space', 'dash46', '+886 ', '+886-', '+886', '(+886) '))
  .map(([rest, f]) => {
    const local = '09' + rest;
    if (f === 'plain') return local;
    if (f === 'dash') return group(local, [4, 3, 3], '-');
    if (f === 'space') return group(local, [4, 3, 3], ' ');
    if (f === 'dash46') return group(local, [4, 6], '-');
    const national = local.slice(1);
    return f === '+886' ? '+886' + national : f + group(national, [3, 3, 3], f === '+886-' ? '-' : ' ');
  });

const cnMobile = fc
  .tuple(fc.integer({ min: 3, max: 9 }), digits(9, 9), fc.constantFrom('plain', 'space', 'dash', '+86 ', '+86-'))
  .map(([second, rest, f]) => {
    const n = '1' + second + rest;
    if (f === 'plain') return n;
    if (f === 'space') return group(n, [3, 4, 4], ' ');
    if (f === 'dash') return group(n, [3, 4, 4], '-');
    return f + (f === '+86 ' ? group(n, [3, 4, 4], ' ') : n);
  });

const international = fc
  .tuple(fc.constantFrom('1', '44', '81', '65', '61', '49', '33', '852'), digits(7, 10), fc.constantFrom(' ', '-', ''))
  .map(([cc, national, sep]) => `+${cc} ${group(national, [3, 3, 4], sep)}`);

const phone: fc.Arbitrary<Identifier> = fc
  .oneof(twMobile, cnMobile, international)
  .map((text) => ({ kind: 'phone', text, kept: '' }));

const email: fc.Arbitrary<Identifier> = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9._+-]{0,15}[a-z0-9]$/),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/),
    fc.constantFrom('com', 'net', 'org', 'tw', 'cn', 'com.tw', 'com.cn', 'co.uk', 'io'),
  )
  .map(([local, domain, tld]) => ({ kind: 'email', text: `${local}@${domain}.${tld}`, kept: '' }));

const IBAN_COUNTRIES: [string, number, number][] = [
  // country, total length, leading letters in the BBAN
  ['GB', 22, 4], ['DE', 22, 0], ['FR', 27, 0], ['NL', 18, 4], ['ES', 24, 0],
  ['IT', 27, 1], ['CH', 21, 0], ['BE', 16, 0], ['SA', 24, 0], ['AE', 23, 0],
];
const iban: fc.Arbitrary<Identifier> = fc
  .tuple(fc.constantFrom(...IBAN_COUNTRIES), fc.stringMatching(/^[A-Z]{4}$/), digits(30, 30), fc.boolean())
  .map(([[cc, length, letters], bank, body, grouped]) => {
    const bban = (bank.slice(0, letters) + body).slice(0, length - 4);
    const numeric = (bban + cc + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
    let rem = 0;
    for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
    const id = cc + String(98 - rem).padStart(2, '0') + bban;
    return { kind: 'iban', text: grouped ? group(id, [4, 4, 4, 4, 4, 4, 4], ' ') : id, kept: '' };
  });

const ACCOUNT_WORDS = ['帳號', '帳號：', '账号', '账号是', '帳戶 ', '账户：', '戶口', 'account ', 'account no. ', 'Account number: ', 'acct ', 'a/c ', '轉入帳號', '收款账号 '];
const account: fc.Arbitrary<Identifier> = fc
  .tuple(fc.constantFrom(...ACCOUNT_WORDS), fc.integer({ min: 3, max: 7 }), digits(7, 15), fc.constantFrom('plain', 'dash'))
  .map(([word, first, rest, format]) => {
    // Starts with 3–7, so it is no phone number or date; made to fail Luhn
    // when card-length, so it is no card: an account number and nothing else.
    let n = String(first) + rest;
    if (n.length >= 13) {
      const check = luhnCheckDigit(n.slice(0, -1));
      if (n.endsWith(check)) n = n.slice(0, -1) + String((Number(check) + 1) % 10);
    }
    const text = format === 'dash' ? group(n, [3, 4], '-') : n;
    return { kind: 'account', text: word + text, kept: '' };
  });

const ssn: fc.Arbitrary<Identifier> = fc
  .tuple(fc.integer({ min: 1, max: 899 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9999 }), fc.constantFrom('-', ' ', 'named'))
  .filter(([area]) => area !== 666)
  .map(([a, g, s, f]) => {
    const [area, grp, serial] = [String(a).padStart(3, '0'), String(g).padStart(2, '0'), String(s).padStart(4, '0')];
    const text = f === 'named' ? `SSN ${area}${grp}${serial}` : [area, grp, serial].join(f);
    return { kind: 'ssn', text, kept: '' };
  });

const IDENTIFIERS: Record<RedactionKind, fc.Arbitrary<Identifier>> = {
  card, tw_id: twId, cn_id: cnId, phone, email, iban, account, ssn,
};

// --- surrounding text in three scripts -------------------------------------

const SURROUNDINGS: Record<'en' | 'zh-Hant' | 'zh-Hans', { before: string[]; after: string[] }> = {
  en: {
    before: ['Customer gave ', 'pls check: ', 'He said it is ', '(', '"', 'Details - ', ''],
    after: [' today.', ', thanks', ')', '"', '.', '', ' and the app crashed again'],
  },
  'zh-Hant': {
    before: ['客戶提供', '客戶說是 ', '請查一下：', '（', '「', '資料如下'],
    after: ['，請協助', '。', '）', '」', '', '謝謝，客戶很急'],
  },
  'zh-Hans': {
    before: ['客户提供', '客户说是 ', '请查一下：', '（', '“', '资料如下'],
    after: ['，请协助', '。', '）', '”', '', '谢谢，客户很急'],
  },
};

const surrounded = (id: fc.Arbitrary<Identifier>) =>
  fc
    .tuple(id, fc.constantFrom('en', 'zh-Hant', 'zh-Hans') as fc.Arbitrary<keyof typeof SURROUNDINGS>, fc.nat(), fc.nat(), fc.boolean())
    .map(([identifier, script, b, a, fullWidth]) => {
      const s = SURROUNDINGS[script];
      const shown = fullWidth ? toFullWidth(identifier.text) : identifier.text;
      return { identifier, text: (s.before[b % s.before.length] ?? '') + shown + (s.after[a % s.after.length] ?? '') };
    });

const digitsOf = (s: string) => s.normalize('NFKC').replace(/\D/g, '');

describe('redaction removes every valid identifier', () => {
  for (const [kind, arb] of Object.entries(IDENTIFIERS)) {
    it(`${kind}: 1,000 generated, in en / zh-Hant / zh-Hans, half- and full-width`, () => {
      fc.assert(
        fc.property(surrounded(arb), ({ identifier, text }) => {
          const r = redact(text);
          expect(r.counts).toEqual({ [kind]: 1 });
          expect(digitsOf(r.text)).toBe(identifier.kept);
          expect(r.text.normalize('NFKC')).not.toContain(identifier.text.normalize('NFKC'));
        }),
        { numRuns: 1000 },
      );
    });
  }

  it('several identifiers in one message are all removed and counted', () => {
    const any = fc.oneof(...Object.values(IDENTIFIERS));
    fc.assert(
      fc.property(fc.array(surrounded(any), { minLength: 2, maxLength: 4 }), fc.constantFrom('，', ' ; ', '\n'), (parts, sep) => {
        const r = redact(parts.map((p) => p.text).join(sep));
        const expected: Partial<Record<RedactionKind, number>> = {};
        for (const p of parts) expected[p.identifier.kind] = (expected[p.identifier.kind] ?? 0) + 1;
        expect(r.counts).toEqual(expected);
        expect(digitsOf(r.text)).toBe(parts.map((p) => p.identifier.kept).join(''));
      }),
      { numRuns: 500 },
    );
  });
});

// --- ordinary numbers --------------------------------------------------------

const int = (min: number, max: number) => fc.integer({ min, max });
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const withCommas = (n: number) => n.toLocaleString('en-US');

const ordinary: fc.Arbitrary<string> = fc.oneof(
  // amounts
  int(1, 9_999_999).map((n) => `被收了 NT$${withCommas(n)} 手續費`),
  int(1, 99_999_999).map((n) => `charged $${n}.${pad(n % 100, 2)} twice`),
  int(1, 99_999_999).map((n) => `扣了 ¥${n}，客户很生气`),
  int(1, 99_999_999).map((n) => `轉帳 ${n}元 失敗`),
  int(1, 99_999_999).map((n) => `账户余额 ${n} 不对`),
  int(1, 9_999_999).map((n) => `RMB ${withCommas(n)} 还没到账`),
  int(1, 99_999_999).map((n) => `my account balance shows USD ${n}`),
  // dates and times
  fc.tuple(int(2000, 2030), int(1, 12), int(1, 28), fc.constantFrom('-', '/', '.')).map(([y, m, d, s]) => `on ${y}${s}${pad(m, 2)}${s}${pad(d, 2)} the transfer failed`),
  fc.tuple(int(1, 12), int(1, 28)).map(([m, d]) => `${m}月${d}日轉帳到現在還沒入帳`),
  fc.tuple(int(2000, 2030), int(1, 12), int(1, 28)).map(([y, m, d]) => `帳戶在 ${y}年${m}月${d}日 被凍結`),
  fc.tuple(int(1, 28), int(1, 12), int(2000, 2030)).map(([d, m, y]) => `statement dated ${pad(d, 2)}/${pad(m, 2)}/${y}`),
  fc.tuple(int(0, 23), int(0, 59)).map(([h, m]) => `ATM 在 ${pad(h, 2)}:${pad(m, 2)} 吞卡`),
  fc.tuple(int(0, 23), int(0, 59), int(0, 59)).map(([h, m, s]) => `logged out at ${h}:${pad(m, 2)}:${pad(s, 2)}`),
  // branch codes, OTP mentions, versions, percentages, counts
  int(1, 9999).map((n) => `branch ${pad(n, 4)} queue too long`),
  int(1, 999).map((n) => `分行 ${pad(n, 3)} 排隊很久`),
  int(1, 9999).map((n) => `分行代號${pad(n, 4)}的行員態度不好`),
  fc.constantFrom('the 6-digit OTP never arrives', 'OTP 收不到', '6 位數驗證碼一直錯誤', '输入6位验证码后闪退'),
  digits(6, 6).map((d) => `OTP ${d} 已過期`),
  fc.tuple(int(1, 20), int(0, 30), int(0, 9)).map(([a, b, c]) => `app v${a}.${b}.${c} crashes on login`),
  fc.tuple(int(1, 20), int(0, 30), int(0, 9)).map(([a, b, c]) => `升級到 ${a}.${b}.${c} 版後閃退`),
  fc.tuple(int(0, 20), int(0, 99)).map(([a, b]) => `利率 ${a}.${b}% 太高`),
  int(1, 100).map((n) => `waited ${n} minutes, called ${n % 7} times`),
  // references that fail every check and have no account word nearby
  digits(16, 16)
    .filter((d) => luhnCheckDigit(d.slice(0, -1)) !== d.slice(-1))
    .map((d) => `ref ${d} was rejected`),
  digits(8, 12).map((d) => `case #${d} still open`),
  digits(8, 10).map((d) => `交易序號 ${d} 查不到`),
);

describe('redaction keeps ordinary numbers', () => {
  it('changes at most 1% of 3,000 texts with amounts, dates, times, codes, versions', () => {
    const texts = fc.sample(ordinary, { numRuns: 3000, seed: 20261124 });
    const changed = texts.filter((t) => redact(t).text !== t);
    expect(changed.length / texts.length).toBeLessThanOrEqual(0.01);
  });
});
