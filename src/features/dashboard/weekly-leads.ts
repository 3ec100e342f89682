import { sql } from "drizzle-orm";
import { fromJson, jsonRows } from "@/db/query";
import type { Tx } from "@/db/types";
import { type DashboardSpan, daysWhere, type JsonCount, selectPart } from "./range-sql";
import {
  addDays,
  type CalendarDate,
  compareDates,
  formatCalendarDate,
  isoWeekLabel,
  isoWeekStart,
  startOfZonedDay,
  zonedDate,
} from "./zoned-time";

export type WeekBucket = {
  /** "2026-W48" */
  label: string;
  /** The week's Monday in the app's zone. */
  monday: CalendarDate;
  /** The part of the week inside the range: [start, end). */
  start: Date;
  end: Date;
  count: number;
};

/**
 * New leads per ISO week in the app's time zone, every week of the range present (zeros included), summed
 * from the daily rollup (migration 0020), whose days are the app zone's: each day's total first, then the
 * days to their Monday. The first and last weeks may be cut by the range; their bounds say so.
 */
export const weeklyLeadsPart = (span: DashboardSpan) => sql`json_build_object(
  'weeks', ${jsonRows(
    sql`select to_char(day - (extract(isodow from day)::int - 1), 'YYYY-MM-DD') as m, sum(n) as n from (
          select day, sum(n) as n from lead_cohort_days where ${daysWhere(span)} group by 1
        ) days group by 1`,
  )},
  'first', ${span.start ? sql`null` : sql`(select min(created_at) from leads)`}
)`;

export function parseWeeklyLeads(value: unknown, span: DashboardSpan, timeZone: string): WeekBucket[] {
  const parsed = fromJson<{ weeks: { m: string; n: JsonCount }[]; first: string | null }>(value);
  const counts = new Map(parsed.weeks.map((w) => [w.m, Number(w.n)]));
  const start = span.start ?? (parsed.first ? new Date(parsed.first) : span.end);
  const lastMoment = new Date(Math.max(start.getTime(), span.end.getTime() - 1));
  const lastMonday = isoWeekStart(zonedDate(lastMoment, timeZone));
  const weeks: WeekBucket[] = [];
  for (let monday = isoWeekStart(zonedDate(start, timeZone)); compareDates(monday, lastMonday) <= 0; ) {
    const next = addDays(monday, 7);
    const weekStart = startOfZonedDay(monday, timeZone);
    const weekEnd = startOfZonedDay(next, timeZone);
    weeks.push({
      label: isoWeekLabel(monday),
      monday,
      start: weekStart < start ? start : weekStart,
      end: weekEnd > span.end ? span.end : weekEnd,
      count: counts.get(formatCalendarDate(monday)) ?? 0,
    });
    monday = next;
  }
  return weeks;
}

export const readWeeklyLeads = (tx: Tx, span: DashboardSpan, timeZone: string) =>
  selectPart(tx, weeklyLeadsPart(span), (value) => parseWeeklyLeads(value, span, timeZone));
