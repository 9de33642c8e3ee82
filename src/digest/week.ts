// ISO weeks in an IANA time zone, as UTC instants, and the weekly schedule.
// Pure: no clock reads (pass `now`). Offsets come from Intl, so DST zones
// (e.g. Europe/London, America/New_York) get 167- or 169-hour weeks right.

export interface IsoWeek {
  year: number;
  week: number;
}

export interface WeekRange {
  /** e.g. 2026-W47 */
  label: string;
  /** Monday 00:00 local time, as a UTC instant (inclusive). */
  start: Date;
  /** The next Monday 00:00 local time (exclusive). */
  end: Date;
}

const DAY_MS = 86_400_000;
const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

export function formatWeek({ year, week }: IsoWeek): string {
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Parses `2026-W47` (or `2026W47`); returns undefined when it isn't a real ISO week. */
export function parseWeek(text: string): IsoWeek | undefined {
  const m = /^(\d{4})-?W(\d{1,2})$/i.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > weeksInYear(year)) return undefined;
  return { year, week };
}

/** ISO years have 52 or 53 weeks: 53 when 28 December falls in week 53. */
export function weeksInYear(year: number): number {
  return isoWeekOfDate(Date.UTC(year, 11, 28)).week;
}

/** ISO week of a calendar date given as UTC midnight milliseconds. */
function isoWeekOfDate(utcMidnight: number): IsoWeek {
  const day = (new Date(utcMidnight).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = utcMidnight + (3 - day) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  return { year, week: Math.floor((thursday - jan1) / DAY_MS / 7) + 1 };
}

/** Calendar date (UTC midnight ms) of the Monday of an ISO week. */
function mondayOf({ year, week }: IsoWeek): number {
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Day = (new Date(jan4).getUTCDay() + 6) % 7;
  return jan4 - jan4Day * DAY_MS + (week - 1) * 7 * DAY_MS;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local wall-clock fields of an instant in a zone. */
export function localParts(instant: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

function offsetMs(instant: number, timeZone: string): number {
  const p = localParts(new Date(instant), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The UTC instant of a local wall-clock time. A time skipped by a DST jump
 * resolves to the same wall time after the jump (02:30 → 03:30); a repeated
 * time resolves to its first occurrence.
 */
export function zonedTimeToUtc(utcMidnightOfDate: number, hour: number, minute: number, timeZone: string): Date {
  const wall = utcMidnightOfDate + (hour * 60 + minute) * 60_000;
  // The offsets half a day either side: DST transitions are never closer than that.
  const candidates = [wall - offsetMs(wall - DAY_MS / 2, timeZone), wall - offsetMs(wall + DAY_MS / 2, timeZone)];
  const valid = candidates.filter((c) => c + offsetMs(c, timeZone) === wall);
  return new Date(valid.length > 0 ? Math.min(...valid) : candidates[0]!);
}

/** The ISO week, in `timeZone`, that contains `instant`. */
export function weekOf(instant: Date, timeZone: string): IsoWeek {
  const p = localParts(instant, timeZone);
  return isoWeekOfDate(Date.UTC(p.year, p.month - 1, p.day));
}

/** Start and end of an ISO week in a zone, as UTC instants. */
export function weekRange(week: IsoWeek, timeZone: string): WeekRange {
  const monday = mondayOf(week);
  return {
    label: formatWeek(week),
    start: zonedTimeToUtc(monday, 0, 0, timeZone),
    end: zonedTimeToUtc(monday + 7 * DAY_MS, 0, 0, timeZone),
  };
}

/** The week `n` weeks after (negative: before) `week`. */
export function addWeeks(week: IsoWeek, n: number): IsoWeek {
  return isoWeekOfDate(mondayOf(week) + n * 7 * DAY_MS);
}

export interface Schedule {
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
  hour: number;
  minute: number;
  timeZone: string;
}

/** `MON 09:00` + a zone. */
export function parseSchedule(text: string, timeZone: string): Schedule {
  const m = /^(MON|TUE|WED|THU|FRI|SAT|SUN) ([01]\d|2[0-3]):([0-5]\d)$/i.exec(text.trim());
  if (!m) throw new Error(`schedule must look like 'MON 09:00' (got '${text}')`);
  const weekday = WEEKDAYS.indexOf(m[1]!.toUpperCase() as (typeof WEEKDAYS)[number]);
  return { weekday, hour: Number(m[2]), minute: Number(m[3]), timeZone };
}

export interface Slot {
  /** When the digest is due. */
  at: Date;
  /** The week it covers: the last complete ISO week before the slot's week. */
  week: IsoWeek;
}

/** The slot inside a given ISO week (the one that posts the previous week). */
function slotInWeek(week: IsoWeek, s: Schedule): Slot {
  return { at: zonedTimeToUtc(mondayOf(week) + s.weekday * DAY_MS, s.hour, s.minute, s.timeZone), week: addWeeks(week, -1) };
}

/** The latest slot at or before `now`: what a bot that was down should catch up on. */
export function lastSlot(now: Date, s: Schedule): Slot {
  const current = weekOf(now, s.timeZone);
  const slot = slotInWeek(current, s);
  return slot.at.getTime() <= now.getTime() ? slot : slotInWeek(addWeeks(current, -1), s);
}

/** The first slot strictly after `now`. */
export function nextSlot(now: Date, s: Schedule): Slot {
  const current = weekOf(now, s.timeZone);
  const slot = slotInWeek(current, s);
  return slot.at.getTime() > now.getTime() ? slot : slotInWeek(addWeeks(current, 1), s);
}

/** The last complete week at `now`: the default week of a preview or a manual post. */
export function lastCompleteWeek(now: Date, timeZone: string): IsoWeek {
  return addWeeks(weekOf(now, timeZone), -1);
}
