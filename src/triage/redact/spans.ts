// Found identifiers, and which characters are already taken: detectors run
// in priority order and a later one never touches what an earlier one took.
import type { RedactionKind } from '../types.js';

export interface Span {
  start: number;
  end: number;
  kind: RedactionKind;
  placeholder: string;
}

export const PLACEHOLDERS: Readonly<Record<Exclude<RedactionKind, 'card'>, string>> = {
  tw_id: '[TW-ID]',
  cn_id: '[CN-ID]',
  phone: '[phone]',
  email: '[email]',
  iban: '[IBAN]',
  account: '[account]',
  ssn: '[SSN]',
};

export function cardPlaceholder(digits: string): string {
  return `[card •••• ${digits.slice(-4)}]`;
}

export class Claims {
  readonly spans: Span[] = [];
  private readonly taken: Uint8Array;

  constructor(length: number) {
    this.taken = new Uint8Array(length);
  }

  isFree(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.taken[i] === 1) return false;
    return true;
  }

  isTaken(i: number): boolean {
    return this.taken[i] === 1;
  }

  /** Takes [start, end) for `kind` unless any of it is taken; says whether it did. */
  claim(start: number, end: number, kind: RedactionKind, placeholder?: string): boolean {
    if (!this.isFree(start, end)) return false;
    this.taken.fill(1, start, end);
    this.spans.push({ start, end, kind, placeholder: placeholder ?? PLACEHOLDERS[kind as Exclude<RedactionKind, 'card'>] });
    return true;
  }
}
