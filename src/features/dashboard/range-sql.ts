import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import type { Tx } from "@/db/types";
import type { CalendarDate } from "./zoned-time";
import { formatCalendarDate } from "./zoned-time";

/**
 * What a dashboard number covers, as moments ([start, end); start null means from the first lead on) and
 * as the same whole days in the app's zone (the rollups' days, migration 0020).
 */
export type DashboardSpan = {
  start: Date | null;
  end: Date;
  firstDay: CalendarDate | null;
  lastDay: CalendarDate;
};

/** The span's moments, for a timestamp column of leads. */
export const momentsWhere = (column: SQL, span: Pick<DashboardSpan, "start" | "end">) =>
  span.start
    ? sql`${column} >= ${span.start.toISOString()}::timestamptz and ${column} < ${span.end.toISOString()}::timestamptz`
    : sql`${column} < ${span.end.toISOString()}::timestamptz`;

/** The span's days, for the `day` column of a rollup. */
export const daysWhere = (span: DashboardSpan) =>
  span.firstDay
    ? sql`day >= ${formatCalendarDate(span.firstDay)}::date and day <= ${formatCalendarDate(span.lastDay)}::date`
    : sql`day <= ${formatCalendarDate(span.lastDay)}::date`;

// The dashboard's parts are subqueries of one statement (one round trip to the database instead of one
// per part), each a JSON value (jsonRows) its own parser reads.

/** One part alone, in its own statement (the benchmark times parts this way). */
export async function selectPart<T>(tx: Tx, part: SQL, parse: (value: unknown) => T): Promise<T> {
  const [row] = await queryRows<{ part: unknown }>(tx, sql`select ${part} as part`);
  return parse(row!.part);
}

/** Counts arrive as JSON numbers (sums of integers). */
export type JsonCount = number | string;
