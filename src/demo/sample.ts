// The bundled demo sample (demo/sample-feedback.jsonl) as import rows, with
// dates anchored so that its "this week" (days_ago 0–6) is the current ISO
// week in the digest time zone and weeks 1–4 are the four ISO weeks before.
//
// Anchor: item with days_ago d in sample week k = floor(d / 7) is placed at
// (end of ISO week current−k) − 1 min − (d − 7k) × 24 h. So every sample week
// is exactly one ISO week, whatever weekday the demo runs on, and DST zones
// stay aligned. Week 0 would then run into the future (up to next Monday), so
// its items are compressed, in order, into the part of this week that has
// already passed: nothing is ever dated after `now`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { channelTypes } from '../intake/channel-type.js';
import type { ImportRecord } from '../intake/import-rows.js';
import { addWeeks, weekOf, weekRange, type IsoWeek } from '../digest/week.js';

/** Shipped with Frontline; resolves from src/ (tsx) and from dist/. */
export const DEMO_SAMPLE_PATH = fileURLToPath(new URL('../../demo/sample-feedback.jsonl', import.meta.url));

export interface SampleItem {
  id: string;
  text: string;
  branch: string;
  channel: string;
  reporter: string;
  days_ago: number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export function readSample(path: string = DEMO_SAMPLE_PATH): SampleItem[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const item = JSON.parse(line) as SampleItem;
      if (typeof item.id !== 'string' || typeof item.text !== 'string' || !(item.days_ago >= 0)) {
        throw new Error(`${path}: line ${i + 1} is not a demo item`);
      }
      return item;
    });
}

/** When an item `daysAgo` old is dated, for a demo loaded at `now`. Pure. */
export function anchoredDate(daysAgo: number, now: Date, timeZone: string): Date {
  const current = weekOf(now, timeZone);
  const k = Math.floor(daysAgo / 7);
  const range = weekRange(addWeeks(current, -k), timeZone);
  const at = range.end.getTime() - MINUTE_MS - (daysAgo - 7 * k) * DAY_MS;
  if (k > 0) return new Date(at);
  // Week 0: squeeze [start, end) into [start, now], keeping the order.
  const share = (now.getTime() - range.start.getTime()) / (range.end.getTime() - range.start.getTime());
  return new Date(Math.floor(range.start.getTime() + Math.max(0, at - range.start.getTime()) * share));
}

/** The ISO week the sample's week 0 lands in when loaded at `now`. */
export function demoWeek(now: Date, timeZone: string): IsoWeek {
  return weekOf(now, timeZone);
}

export function sampleRecords(items: readonly SampleItem[], now: Date, timeZone: string): ImportRecord[] {
  return items.map((item, i) => ({
    ok: true,
    row: {
      line: i + 1,
      id: item.id,
      text: item.text,
      branch: item.branch,
      reporter: item.reporter,
      channelType: channelTypes.parse(item.channel) ?? 'other',
      createdAt: anchoredDate(item.days_ago, now, timeZone),
    },
  }));
}
