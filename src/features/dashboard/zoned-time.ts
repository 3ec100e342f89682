// Calendar arithmetic in the app's time zone without a time zone library: days are handled as plain
// calendar dates (year, month, day; no zone), and a date becomes a moment only through
// startOfZonedDay, which asks Intl for the zone's offset. That keeps daylight-saving days 23 or 25 hours
// long and every ISO week starting at the zone's Monday midnight.

/** A calendar date, no zone: month 1–12. */
export type CalendarDate = { year: number; month: number; day: number };

const partsCache = new Map<string, Intl.DateTimeFormat>();
function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsCache.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    partsCache.set(timeZone, format);
  }
  return format;
}

function wallClock(moment: Date, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of partsFormat(timeZone).formatToParts(moment)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return parts as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** The zone's offset from UTC at a moment, in milliseconds (positive east of Greenwich). */
function offsetAt(moment: Date, timeZone: string): number {
  const w = wallClock(moment, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(moment.getTime() / 1000) * 1000;
}

/** The calendar date a moment falls on in the zone. */
export function zonedDate(moment: Date, timeZone: string): CalendarDate {
  const { year, month, day } = wallClock(moment, timeZone);
  return { year, month, day };
}

/** The moment the zone's day begins (its midnight, or the first instant after it on a skipped midnight). */
export function startOfZonedDay(date: CalendarDate, timeZone: string): Date {
  const guess = Date.UTC(date.year, date.month - 1, date.day);
  // Two candidates: midnight under the offset at the guess, and under the offset at that first answer
  // (they differ when the offset changes in between). The earliest that falls on the day is its start;
  // on a day whose midnight is skipped, only the moment after the jump does.
  const first = guess - offsetAt(new Date(guess), timeZone);
  const second = guess - offsetAt(new Date(first), timeZone);
  const onDay = (ms: number) => {
    const d = zonedDate(new Date(ms), timeZone);
    return d.year === date.year && d.month === date.month && d.day === date.day;
  };
  const valid = [first, second].filter(onDay).sort((a, b) => a - b);
  return new Date(valid[0] ?? first);
}

const toUtcDay = (d: CalendarDate) => Date.UTC(d.year, d.month - 1, d.day);
const fromUtcDay = (ms: number): CalendarDate => {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromUtcDay(toUtcDay(date) + days * 86_400_000);
}

/** Whole days from a to b. */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((toUtcDay(b) - toUtcDay(a)) / 86_400_000);
}

/** The Monday of the ISO week holding the date. */
export function isoWeekStart(date: CalendarDate): CalendarDate {
  const weekday = (new Date(toUtcDay(date)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(date, -weekday);
}

/** "2026-W53": the ISO week-numbering year and week of the date (week 1 holds the year's first Thursday). */
export function isoWeekLabel(date: CalendarDate): string {
  const thursday = addDays(isoWeekStart(date), 3);
  const jan1 = { year: thursday.year, month: 1, day: 1 };
  const week = Math.floor(daysBetween(jan1, thursday) / 7) + 1;
  return `${thursday.year}-W${String(week).padStart(2, "0")}`;
}

export const formatCalendarDate = (d: CalendarDate) =>
  `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

/** "2026-11-30" → a calendar date, or null when it is not a real date. */
export function parseCalendarDate(text: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const round = fromUtcDay(toUtcDay(date));
  return round.year === date.year && round.month === date.month && round.day === date.day ? date : null;
}

export const compareDates = (a: CalendarDate, b: CalendarDate) => toUtcDay(a) - toUtcDay(b);
