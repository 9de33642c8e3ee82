// Detectors for identifiers made of digits: China resident IDs, cards,
// SSNs, phones, and account numbers next to an account word.
//
// The view is cut into digit groups: runs of digits ("chunks") joined by at
// most 3 separator characters from " -()". Identifiers are whole chunks,
// never part of one: a card inside a 40-digit run is not a card. For each
// starting chunk the longest candidate that passes a check wins; kinds are
// tried in priority order (CN ID, card, SSN, phone, account). Every window
// holds at most MAX_DIGITS digits, so the cost is linear in the text.
import { cnIdValid, luhnValid, ssnValid } from './checksums.js';
import { cardPlaceholder, type Claims } from './spans.js';
import { isAsciiAlnum, isDigit } from './view.js';

interface Chunk {
  start: number;
  end: number;
  digits: string;
  /** Separator text between the previous chunk and this one ('' for the first). */
  sep: string;
}

const MAX_DIGITS = 20;
const MAX_SEP = 3;

function isSep(c: number): boolean {
  return c === 0x20 || c === 0x2d || c === 0x28 || c === 0x29;
}

// Words that make a long digit run an account number. Card-number words are
// here too: a card number with a typo fails Luhn but is still customer data.
const ACCOUNT_BEFORE =
  /(帳號|账号|帐号|賬號|帳戶|账户|帐户|賬戶|戶口|户口|存摺|存折|卡號|卡号|帳|账|account|acct|a\/c|acc\b|acc\.|acc no|card no|card number|card#|iban)[^\d]{0,16}$/i;
const ACCOUNT_AFTER = /^[^\d]{0,4}(帳號|账号|帐号|賬號|帳戶|账户|帐户|賬戶|戶口|户口|account)/i;
const ACCOUNT_ANYWHERE = /帳|账|帐|賬|戶口|户口|存摺|存折|卡號|卡号|acc|a\/c|card|iban/i;
const SSN_ANYWHERE = /ssn|social security/i;
const SSN_BEFORE = /(ssn|social security)[^\d]{0,16}$/i;
const CURRENCY_BEFORE = /(\$|¥|￥|€|£|(^|[^a-z])(nt|ntd|twd|rmb|usd|hkd|cny|eur|gbp|jpy))\s?$/i;
// "帳戶餘額 12345678": the number right after these words is an amount.
const AMOUNT_BEFORE = /(餘額|余额|balance|金額|金额|amount|扣款|扣了|charged|paid|付了|total|總共|总共)[^\d]{0,6}$/i;
// A unit, a decimal part, or a thousands group ("12345678,000") after the digits.
const UNIT_AFTER = /^(\s?(元|块|塊|圓|圆|万|萬|億|亿|dollars?|usd|twd|ntd|rmb|cny|hkd|eur|gbp|jpy|%)|\.\d|,\d{3}(?!\d))/i;

function looksLikeDate(digits: string, chunks: Chunk[]): boolean {
  const lengths = chunks.map((c) => c.digits.length).join(',');
  if (lengths === '4,2,2' || lengths === '2,2,4') return true;
  if (digits.length !== 8) return false;
  const y = Number(digits.slice(0, 4));
  const m = Number(digits.slice(4, 6));
  const d = Number(digits.slice(6, 8));
  return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

function before(view: string, start: number, width: number): string {
  return view.slice(Math.max(0, start - width), start);
}

function isPhoneNumber(digits: string, chunks: Chunk[]): boolean {
  const c0 = digits.charCodeAt(0);
  if (c0 !== 0x30 && c0 !== 0x31 && c0 !== 0x38) return false; // 0…, 1…, 86…/886…
  if (/^09\d{8}$/.test(digits)) return true; // Taiwan mobile
  if (/^1[3-9]\d{9}$/.test(digits)) return true; // China mobile
  if (/^(00)?8869\d{8}$/.test(digits) || /^(00)?861[3-9]\d{9}$/.test(digits)) return true; // without "+"
  // Taiwan landline written with its area code apart: (02) 2345-6789, 04-2345-6789.
  const first = chunks[0]?.digits ?? '';
  return chunks.length > 1 && /^0[2-8]\d?$/.test(first) && /^0[2-8]\d{7,8}$/.test(digits);
}

interface Match {
  last: number;
  end: number;
  start: number;
  kind: 'cn_id' | 'card' | 'ssn' | 'phone' | 'account';
  placeholder?: string;
}

/** Whether the text mentions an account or SSN at all (skips context checks when not). */
interface Mentions {
  account: boolean;
  ssn: boolean;
}

function matchAt(view: string, chunks: Chunk[], i: number, mentions: Mentions): Match | undefined {
  const first = chunks[i];
  if (first === undefined || first.digits.length > MAX_DIGITS) return undefined;
  const plus = first.start > 0 && view.charCodeAt(first.start - 1) === 0x2b;
  // Collect the windows starting at chunk i, longest last.
  let digits = '';
  const windows: { last: number; digits: string }[] = [];
  for (let j = i; j < chunks.length; j++) {
    const c = chunks[j];
    if (c === undefined || digits.length + c.digits.length > MAX_DIGITS) break;
    digits += c.digits;
    windows.push({ last: j, digits });
  }
  const start = first.start;
  // Context before the window is the same for every window starting here.
  let accountBefore: boolean | undefined;
  let ssnBefore: boolean | undefined;
  for (let w = windows.length - 1; w >= 0; w--) {
    const { last, digits: d } = windows[w] ?? { last: i, digits: '' };
    if (d.length < 8) break; // nothing shorter than 8 digits is redacted
    const parts = chunks.slice(i, last + 1);
    const end = chunks[last]?.end ?? first.end;
    if (plus) {
      // International: "+" then 8–15 digits (E.164), separators allowed.
      if (d.length >= 8 && d.length <= 15) return { last, start: start - 1, end, kind: 'phone' };
      continue;
    }
    if (d.length === 18 && (parts.length === 1 || first.digits.length === 6) && cnIdValid(d)) {
      return { last, start, end, kind: 'cn_id' };
    }
    if (d.length === 17 && (parts.length === 1 || first.digits.length === 6)) {
      const x = view.charCodeAt(end);
      const after = view.charCodeAt(end + 1);
      if ((x === 0x58 || x === 0x78) && !isAsciiAlnum(after) && cnIdValid(d + 'X')) {
        return { last, start, end: end + 1, kind: 'cn_id' };
      }
    }
    if (d.length >= 13 && d.length <= 19 && (parts.length === 1 || first.digits.length === 4) && luhnValid(d)) {
      return { last, start, end, kind: 'card', placeholder: cardPlaceholder(d) };
    }
    if (d.length === 9) {
      const dashed =
        parts.length === 3 &&
        parts[0]?.digits.length === 3 &&
        parts[1]?.digits.length === 2 &&
        (parts[1]?.sep === '-' || parts[1]?.sep === ' ') &&
        parts[2]?.sep === parts[1]?.sep;
      ssnBefore ??= mentions.ssn && SSN_BEFORE.test(before(view, start, 40));
      const named = parts.length === 1 && ssnBefore;
      if ((dashed || named) && ssnValid(d.slice(0, 3), d.slice(3, 5), d.slice(5))) {
        return { last, start, end, kind: 'ssn' };
      }
    }
    if (isPhoneNumber(d, parts)) {
      // Keep "(02) 2345-6789" whole: the area code's opening bracket goes too.
      const open = parts.length > 1 && view.charCodeAt(start - 1) === 0x28 && (parts[1]?.sep ?? '').includes(')');
      return { last, start: open ? start - 1 : start, end, kind: 'phone' };
    }
    if (!mentions.account) continue;
    accountBefore ??= ACCOUNT_BEFORE.test(before(view, start, 40));
    if (
      (accountBefore || ACCOUNT_AFTER.test(view.slice(end, end + 12))) &&
      !CURRENCY_BEFORE.test(before(view, start, 6)) &&
      !AMOUNT_BEFORE.test(before(view, start, 20)) &&
      !UNIT_AFTER.test(view.slice(end, end + 8)) &&
      !looksLikeDate(d, parts)
    ) {
      return { last, start, end, kind: 'account' };
    }
  }
  return undefined;
}

/** Splits the view into digit groups, skipping characters already claimed. */
function* digitGroups(view: string, claims: Claims): Generator<Chunk[]> {
  const n = view.length;
  let i = 0;
  let group: Chunk[] = [];
  while (i < n) {
    if (!isDigit(view.charCodeAt(i)) || claims.isTaken(i)) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isDigit(view.charCodeAt(i)) && !claims.isTaken(i)) i++;
    const prev = group[group.length - 1];
    const sep = prev === undefined ? '' : view.slice(prev.end, start);
    const joined = prev !== undefined && sep.length <= MAX_SEP && [...sep].every((ch) => isSep(ch.charCodeAt(0)));
    if (!joined && group.length > 0) {
      yield group;
      group = [];
    }
    group.push({ start, end: i, digits: view.slice(start, i), sep: joined ? sep : '' });
  }
  if (group.length > 0) yield group;
}

export function findNumbers(view: string, claims: Claims): void {
  const mentions: Mentions = { account: ACCOUNT_ANYWHERE.test(view), ssn: SSN_ANYWHERE.test(view) };
  for (const chunks of digitGroups(view, claims)) {
    let i = 0;
    while (i < chunks.length) {
      const m = matchAt(view, chunks, i, mentions);
      if (m !== undefined && claims.claim(m.start, m.end, m.kind, m.placeholder)) i = m.last + 1;
      else i++;
    }
  }
}
