// Text folding shared by the matcher, the learned classifier and clustering.
// foldText makes "the same complaint" the same string: NFKC (full-width →
// half-width), lower case, and one Chinese script. Traditional is converted
// to Simplified with OpenCC's Taiwan table (`tw` → `cn`); a small variant
// table then fixes the places where OpenCC's output differs from what
// mainland users actually type (帐号 vs 账号) or where OpenCC is not
// idempotent on Simplified input (么 → 幺). Folding is lexical, not
// semantic: 登入 and 登录, 簡訊 and 短信 stay different words.
import { Converter } from 'opencc-js/t2cn';
import type { Script } from './types.js';
import { detectScript } from './script.js';
import { tokenize } from './tokens.js';

/** Traditional (Taiwan) → Simplified, loaded once (~25 ms, 110 KB of tables). */
const toSimplified = Converter({ from: 'tw', to: 'cn' });

/**
 * Applied after OpenCC, on Simplified text, one character at a time. Keys are
 * what OpenCC (or a user) may produce; values are the form mainland users
 * write. Each entry was found by folding real text (see test/triage/normalize.test.ts).
 */
const VARIANTS: ReadonlyMap<string, string> = new Map([
  // 帳 → 帐 in OpenCC, but mainland banking usage is 账 (账号, 账户, 转账, 对账单).
  ['帐', '账'],
  // OpenCC's tw table turns the Simplified 么 of 什么/怎么 into 幺; undo it.
  ['幺', '么'],
  // Kept as is by OpenCC; the mainland form is 昵 (昵称).
  ['暱', '昵'],
]);

// Han ideographs (BMP + extension A + compatibility + supplementary planes).
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// C0/C1 controls become spaces (binary junk must not glue words together);
// zero-width and bidi formatting characters, soft hyphen, BOM and U+FFFD
// are removed outright.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffd]/g;
const SPACES = /[\s\u3000]+/g;

/**
 * Removes what should never reach a matcher: lone surrogates, zero-width
 * and bidi marks; control characters become spaces; whitespace runs become
 * one space. Never throws, for any string.
 */
export function cleanText(text: string): string {
  if (typeof text !== 'string') return '';
  return text
    .replace(LONE_SURROGATE, '')
    .replace(CONTROLS, ' ')
    .replace(INVISIBLE, '')
    .replace(SPACES, ' ')
    .trim();
}

/**
 * Two-character spellings of one word that OpenCC leaves apart because the
 * characters differ in both scripts: Taiwan writes 身分證, the mainland 身份证.
 * Replacing 分 by 份 in general would be wrong, so this works on the pair.
 */
const PHRASE_VARIANTS: readonly [string, string][] = [['身分', '身份']];

function foldVariants(text: string): string {
  let out = '';
  for (const ch of text) out += VARIANTS.get(ch) ?? ch;
  for (const [from, to] of PHRASE_VARIANTS) if (out.includes(from)) out = out.split(from).join(to);
  return out;
}

/**
 * The comparable form of a text: cleaned, NFKC, lower case, Simplified
 * Chinese. Text without Han characters skips OpenCC entirely.
 */
// Printable ASCII needs neither cleaning nor NFKC nor OpenCC.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const DOUBLE_SPACES = / {2,}/g;

export function foldText(text: string): string {
  if (typeof text !== 'string') return '';
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase().replace(DOUBLE_SPACES, ' ').trim();
  const cleaned = cleanText(text).normalize('NFKC').toLowerCase();
  // NFKC can introduce spaces (e.g. from ㍱ or compatibility forms); re-squeeze.
  const squeezed = cleaned.replace(SPACES, ' ').trim();
  if (!HAN.test(squeezed)) return squeezed;
  return foldVariants(toSimplified(squeezed));
}

export interface Normalized {
  /** foldText(text). */
  folded: string;
  /** Script of the original text (before folding erased the difference). */
  script: Script;
  /** tokenize(folded). */
  tokens: string[];
}

export function normalize(text: string): Normalized {
  const folded = foldText(text);
  return { folded, script: detectScript(text), tokens: tokenize(folded) };
}
