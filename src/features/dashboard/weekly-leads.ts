import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import type { Tx } from "@/db/types";
import { type Span, spanWhere } from "./cohort";
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
 * New leads per ISO week in the app's time zone, every week of the range present (zeros included). The
 * first and last weeks may be cut by the range; their bounds say so. PostgreSQL buckets each lead by its
 * local time (`at time zone`), so a lead at 23:30 on a Sunday counts in that Sunday's week, whatever the
 * offset that day.
 */
export async function readWeeklyLeads(tx: Tx, span: Span, timeZone: string): Promise<WeekBucket[]> {
  const rows = await queryRows<{ monday: string; n: string | number }>(
    tx,
    sql`select to_char(date_trunc('week', created_at at time zone ${timeZone}), 'YYYY-MM-DD') as monday,
          count(*) as n
        from leads where ${spanWhere(sql.raw("created_at"), span)} group by 1`,
  );
  const counts = new Map(rows.map((r) => [r.monday, Number(r.n)]));
  let start = span.start;
  if (!start) {
    const [first] = await queryRows<{ first: Date | string | null }>(
      tx,
      sql`select min(created_at) as first from leads`,
    );
    start = first?.first ? new Date(first.first) : span.end;
  }
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
