// Redaction searches a "view" of the text in which full-width ASCII
// (０-９, Ａ-Ｚ, ＠, ＋, －), the ideographic space and dash variants are
// folded to plain ASCII, one UTF-16 unit for one. Offsets in the view are
// offsets in the original, so placeholders are spliced into the text exactly
// as the user wrote it (their script and width are kept; only the
// identifiers go).

function viewChar(c: number): number {
  // Full-width ASCII, except the full-width comma: in Chinese text it separates
  // clauses (帳號12345678，電話…), it is not a thousands separator.
  if (c >= 0xff01 && c <= 0xff5e && c !== 0xff0c) return c - 0xfee0;
  if (c === 0x3000 || c === 0x00a0 || c === 0x2007 || c === 0x202f) return 0x20; // spaces
  if ((c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xfe58 || c === 0xfe63) return 0x2d; // dashes
  return c;
}

export function searchView(text: string): string {
  let changed = false;
  const codes = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = viewChar(c);
    if (v !== c) changed = true;
    codes[i] = v;
  }
  if (!changed) return text;
  // Build in slices: String.fromCharCode(...codes) overflows the stack on 100 KB.
  let out = '';
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode(...codes.slice(i, i + 8192));
  return out;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAsciiAlnum(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c);
}
