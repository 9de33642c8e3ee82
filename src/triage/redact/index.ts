// Customer-data redaction (BRIEF.md, "Customer data formats to redact").
// redact() replaces every identifier with a typed placeholder and counts
// them by kind. It is pure, never throws, and runs in time linear in the
// text: detectors scan a same-length ASCII view of the text (so full-width
// digits are found) and the placeholders are spliced into the original, which
// keeps the user's script and width everywhere else.
//
// Priority (earlier wins where two overlap): email, IBAN, Taiwan ID, then per
// digit group CN ID, card, SSN, phone, account number.
import type { RedactionCounts, Redacted } from '../types.js';
import { findNumbers } from './numbers.js';
import { findEmails, findIbans, findTaiwanIds } from './patterns.js';
import { Claims, type Span } from './spans.js';
import { searchView } from './view.js';

function apply(text: string, spans: Span[]): Redacted {
  const counts: RedactionCounts = {};
  if (spans.length === 0) return { text, counts };
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.placeholder;
    at = s.end;
    counts[s.kind] = (counts[s.kind] ?? 0) + 1;
  }
  return { text: out + text.slice(at), counts };
}

/** Last resort if a detector ever fails: hide every digit and '@' rather than leak. */
function hideEverything(text: string): Redacted {
  return { text: text.replace(/[0-9\uff10-\uff19@\uff20]/g, '•'), counts: {} };
}

export function redact(text: string): Redacted {
  if (typeof text !== 'string' || text.length === 0) return { text: typeof text === 'string' ? text : '', counts: {} };
  try {
    const view = searchView(text);
    const claims = new Claims(view.length);
    findEmails(view, claims);
    findIbans(view, claims);
    findTaiwanIds(view, claims);
    findNumbers(view, claims);
    return apply(text, claims.spans);
  } catch {
    return hideEverything(text);
  }
}
