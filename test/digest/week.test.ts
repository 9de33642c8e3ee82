import { describe, expect, it } from 'vitest';
import {
  addWeeks, formatWeek, lastCompleteWeek, lastSlot, nextSlot, parseSchedule, parseWeek, weekOf, weekRange, weeksInYear,
} from '../../src/digest/week.js';

describe('ISO weeks', () => {
  it('parses and formats week labels, refusing weeks that do not exist', () => {
    expect(parseWeek('2026-W47')).toEqual({ year: 2026, week: 47 });
    expect(formatWeek({ year: 2026, week: 7 })).toBe('2026-W07');
    expect(parseWeek('2025-W53')).toBeUndefined(); // 2025 has 52 weeks
    expect(parseWeek('2026-W53')).toEqual({ year: 2026, week: 53 }); // 2026 starts on a Thursday: 53
    expect(parseWeek('2020-W53')).toEqual({ year: 2020, week: 53 });
    expect(parseWeek('next week')).toBeUndefined();
    expect(weeksInYear(2025)).toBe(52);
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2020)).toBe(53);
  });

  it('puts the turn of the year in the right ISO year', () => {
    // 2027-01-01 is a Friday: it belongs to the last week of 2026.
    expect(formatWeek(weekOf(new Date('2027-01-01T12:00:00Z'), 'UTC'))).toBe('2026-W53');
    expect(formatWeek(weekOf(new Date('2024-12-30T12:00:00Z'), 'UTC'))).toBe('2025-W01');
    expect(formatWeek(weekOf(new Date('2021-01-03T12:00:00Z'), 'UTC'))).toBe('2020-W53');
    expect(formatWeek(addWeeks({ year: 2020, week: 53 }, 1))).toBe('2021-W01');
    expect(formatWeek(addWeeks({ year: 2025, week: 1 }, -1))).toBe('2024-W52');
  });

  it('uses the local date of the zone, not UTC', () => {
    // Sunday 20:00 UTC is already Monday 04:00 in Taipei: the next ISO week there.
    const instant = new Date('2026-11-22T20:00:00Z');
    expect(formatWeek(weekOf(instant, 'UTC'))).toBe('2026-W47');
    expect(formatWeek(weekOf(instant, 'Asia/Taipei'))).toBe('2026-W48');
  });

  it('gives week boundaries as UTC instants of local midnight', () => {
    const taipei = weekRange({ year: 2026, week: 47 }, 'Asia/Taipei');
    expect(taipei.start.toISOString()).toBe('2026-11-15T16:00:00.000Z');
    expect(taipei.end.toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(taipei.label).toBe('2026-W47');
  });

  it('makes DST weeks 167 or 169 hours long', () => {
    // Europe/London springs forward on 2026-03-29 (in W13) and falls back on 2026-10-25 (in W43).
    const spring = weekRange({ year: 2026, week: 13 }, 'Europe/London');
    expect(spring.start.toISOString()).toBe('2026-03-23T00:00:00.000Z');
    expect(spring.end.toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(167);
    const autumn = weekRange({ year: 2026, week: 43 }, 'America/New_York');
    // New York falls back on 2026-11-01, in W44.
    const fall = weekRange({ year: 2026, week: 44 }, 'America/New_York');
    expect(fall.start.toISOString()).toBe('2026-10-26T04:00:00.000Z');
    expect((fall.end.getTime() - fall.start.getTime()) / 3_600_000).toBe(169);
    expect(autumn.end.getTime()).toBe(fall.start.getTime());
  });
});

describe('schedule', () => {
  const monday9 = parseSchedule('MON 09:00', 'Asia/Taipei');

  it('finds the slot a bot that was down should catch up on, covering the previous week', () => {
    const wednesday = new Date('2026-11-25T03:00:00Z'); // Wed 11:00 Taipei, W48
    const slot = lastSlot(wednesday, monday9);
    expect(slot.at.toISOString()).toBe('2026-11-23T01:00:00.000Z'); // Mon 09:00 Taipei
    expect(formatWeek(slot.week)).toBe('2026-W47');
    expect(formatWeek(lastCompleteWeek(wednesday, 'Asia/Taipei'))).toBe('2026-W47');
  });

  it('before Monday 09:00 the last slot is the previous Monday', () => {
    const early = new Date('2026-11-23T00:30:00Z'); // Mon 08:30 Taipei
    expect(lastSlot(early, monday9).at.toISOString()).toBe('2026-11-16T01:00:00.000Z');
    expect(formatWeek(lastSlot(early, monday9).week)).toBe('2026-W46');
    expect(nextSlot(early, monday9).at.toISOString()).toBe('2026-11-23T01:00:00.000Z');
  });

  it('keeps the local time across a DST change', () => {
    const s = parseSchedule('MON 09:00', 'Europe/London');
    expect(nextSlot(new Date('2026-03-28T12:00:00Z'), s).at.toISOString()).toBe('2026-03-30T08:00:00.000Z'); // BST
    expect(nextSlot(new Date('2026-03-21T12:00:00Z'), s).at.toISOString()).toBe('2026-03-23T09:00:00.000Z'); // GMT
  });

  it('refuses a malformed schedule', () => {
    expect(() => parseSchedule('Monday 9am', 'UTC')).toThrow(/MON 09:00/);
  });
});
