// Detectors anchored on letters or '@': emails, Taiwan IDs, IBANs. Each scans
// the view once with bounded look-around, so the cost is linear in the text
// whatever it contains (no backtracking regular expressions).
import { ibanValid, IBAN_LENGTHS, twIdValid } from './checksums.js';
import type { Claims } from './spans.js';
import { isAsciiAlnum, isAsciiLetter, isDigit } from './view.js';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

function isLocalChar(c: number): boolean {
  // a-z A-Z 0-9 . _ % + -
  return isAsciiAlnum(c) || c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2b || c === 0x2d;
}

function isDomainChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 0x2e || c === 0x2d;
}

export function findEmails(view: string, claims: Claims): void {
  let at = view.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > 0 && at - start < MAX_LOCAL && isLocalChar(view.charCodeAt(start - 1))) start--;
    while (start < at && view.charCodeAt(start) === 0x2e) start++; // no leading dot
    let end = at + 1;
    while (end < view.length && end - at <= MAX_DOMAIN && isDomainChar(view.charCodeAt(end))) end++;
    // A sentence's full stop or a dash after the address is not part of it.
    while (end > at + 1 && (view.charCodeAt(end - 1) === 0x2e || view.charCodeAt(end - 1) === 0x2d)) end--;
    const domain = view.slice(at + 1, end);
    const dot = domain.lastIndexOf('.');
    const tld = dot > 0 ? domain.slice(dot + 1) : '';
    if (start < at && dot > 0 && tld.length >= 2 && /^[A-Za-z]+$/.test(tld)) {
      claims.claim(start, end, 'email');
    }
    at = view.indexOf('@', Math.max(at + 1, end));
  }
}

/** A letter, then 1/2/8/9 or A–D, then 8 digits, with a valid check digit. */
export function findTaiwanIds(view: string, claims: Claims): void {
  const n = view.length;
  for (let i = 0; i + 10 <= n; i++) {
    const c = view.charCodeAt(i);
    if (!isAsciiLetter(c)) continue;
    if (i > 0 && isAsciiAlnum(view.charCodeAt(i - 1))) continue;
    if (i + 10 < n && isDigit(view.charCodeAt(i + 10))) continue;
    let digits = true;
    for (let k = 2; k < 10 && digits; k++) digits = isDigit(view.charCodeAt(i + k));
    if (!digits) continue;
    const id = view.slice(i, i + 10).toUpperCase();
    if (twIdValid(id) && claims.claim(i, i + 10, 'tw_id')) i += 9;
  }
}

/**
 * Country code, two check digits, then the country's fixed number of
 * letters and digits, optionally in groups separated by one space or dash.
 */
export function findIbans(view: string, claims: Claims): void {
  const n = view.length;
  for (let i = 0; i + 15 <= n; i++) {
    if (!isAsciiLetter(view.charCodeAt(i)) || !isAsciiLetter(view.charCodeAt(i + 1))) continue;
    if (!isDigit(view.charCodeAt(i + 2)) || !isDigit(view.charCodeAt(i + 3))) continue;
    if (i > 0 && isAsciiAlnum(view.charCodeAt(i - 1))) continue;
    const length = IBAN_LENGTHS[view.slice(i, i + 2).toUpperCase()];
    if (length === undefined) continue;
    let iban = '';
    let j = i;
    while (j < n && iban.length < length) {
      const c = view.charCodeAt(j);
      if (isAsciiAlnum(c)) {
        iban += view[j];
        j++;
      } else if ((c === 0x20 || c === 0x2d) && iban.length >= 4 && j + 1 < n && isAsciiAlnum(view.charCodeAt(j + 1))) {
        j++;
      } else break;
    }
    if (iban.length !== length || (j < n && isAsciiAlnum(view.charCodeAt(j)))) continue;
    if (ibanValid(iban.toUpperCase()) && claims.claim(i, j, 'iban')) i = j - 1;
  }
}
