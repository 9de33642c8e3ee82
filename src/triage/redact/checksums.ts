// Check-digit algorithms of the identifiers redaction looks for. Each takes
// the identifier's characters without separators, in upper case.

/** Luhn (ISO/IEC 7812) over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

// Taiwan ID letter → two-digit area code (A=10 … Z=33, with I, O, W … out of order).
const TW_LETTER_CODES: Readonly<Record<string, number>> = {
  A: 10, B: 11, C: 12, D: 13, E: 14, F: 15, G: 16, H: 17, I: 34, J: 18, K: 19, L: 20, M: 21,
  N: 22, O: 35, P: 23, Q: 24, R: 25, S: 26, T: 27, U: 28, V: 29, W: 32, X: 30, Y: 31, Z: 33,
};

/**
 * Taiwan national ID (A123456789: letter, 1 or 2, 8 digits), the new resident
 * certificate (second character 8 or 9) and the old one (second character a
 * letter A–D, whose code's last digit stands in for the gender digit).
 */
export function twIdValid(id: string): boolean {
  if (id.length !== 10) return false;
  const area = TW_LETTER_CODES[id[0] ?? ''];
  if (area === undefined) return false;
  const second = id[1] ?? '';
  let secondDigit: number;
  if (second === '1' || second === '2' || second === '8' || second === '9') secondDigit = Number(second);
  else if (second >= 'A' && second <= 'D') secondDigit = (TW_LETTER_CODES[second] ?? 0) % 10;
  else return false;
  let sum = Math.floor(area / 10) + (area % 10) * 9 + secondDigit * 8;
  for (let i = 2; i < 10; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    sum += d * (i === 9 ? 1 : 9 - i);
  }
  return sum % 10 === 0;
}

const CN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CN_CHECK = '10X98765432';
// First two digits: province-level region codes in use.
const CN_PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51,
  52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91,
]);

/** The check character of 17 digits of a China resident ID (ISO 7064 MOD 11-2). */
export function cnIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (CN_WEIGHTS[i] ?? 0);
  return CN_CHECK[sum % 11] ?? '';
}

/**
 * China resident ID: 6-digit region, 8-digit birth date, 3-digit sequence,
 * check character. The region and date are checked too, which cuts the
 * 1-in-11 chance that any 18-digit number passes the checksum alone.
 */
export function cnIdValid(id: string): boolean {
  if (id.length !== 18 || !/^\d{17}[\dX]$/.test(id)) return false;
  if (!CN_PROVINCES.has(Number(id.slice(0, 2)))) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 || day > 31) return false;
  return cnIdCheckChar(id) === id[17];
}

/** IBAN length by country (ISO 13616 registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15,
  PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19,
  SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** ISO 13616 mod-97 check of an IBAN (upper case, no spaces). */
export function ibanValid(iban: string): boolean {
  if (IBAN_LENGTHS[iban.slice(0, 2)] !== iban.length) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}

/** US SSN rules: area not 000, 666 or 9xx; group not 00; serial not 0000. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  return (
    area.length === 3 &&
    group.length === 2 &&
    serial.length === 4 &&
    area !== '000' &&
    area !== '666' &&
    area[0] !== '9' &&
    group !== '00' &&
    serial !== '0000'
  );
}
