import { z } from "zod";
import {
  addDays,
  type CalendarDate,
  compareDates,
  formatCalendarDate,
  parseCalendarDate,
  startOfZonedDay,
  zonedDate,
} from "./zoned-time";

// The dashboard's date range as the URL holds it, resolved to whole days in the app's time zone: a range
// starts at a local midnight and ends at the local midnight after its last day (exclusive), so "last 30
// days" is today and the 29 days before it, and a shared link means the same days for everyone.

export const RANGE_PRESETS = ["7d", "30d", "90d", "quarter", "all", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const RANGE_LABELS: Record<RangePreset, string> = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  quarter: "This quarter",
  all: "All time",
  custom: "Custom",
};

const text = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === "string" ? v.trim().slice(0, 20) : ""));

export const dashboardRangeSchema = z.object({
  range: z.enum(RANGE_PRESETS).optional().default("30d").catch("30d"),
  from: text,
  to: text,
});
export type DashboardRangeInput = z.output<typeof dashboardRangeSchema>;

export type DashboardRange = {
  preset: RangePreset;
  /** First moment in the range; null for all time (from the first lead on). */
  start: Date | null;
  /** The moment after the range (exclusive): the local midnight after its last day. */
  end: Date;
  /** First and last calendar day, in the zone (first is null for all time). */
  firstDay: CalendarDate | null;
  lastDay: CalendarDate;
  timeZone: string;
  /** A sentence when the URL's custom range could not be used and the default was taken instead. */
  notice: string | null;
};

const MAX_CUSTOM_DAYS = 366 * 5;

export function resolveDashboardRange(
  input: DashboardRangeInput,
  now: Date,
  timeZone: string,
): DashboardRange {
  const today = zonedDate(now, timeZone);
  const span = (
    preset: RangePreset,
    first: CalendarDate | null,
    last: CalendarDate,
    notice: string | null,
  ) => ({
    preset,
    start: first ? startOfZonedDay(first, timeZone) : null,
    end: startOfZonedDay(addDays(last, 1), timeZone),
    firstDay: first,
    lastDay: last,
    timeZone,
    notice,
  });
  const lastDays = (n: number, notice: string | null = null, preset: RangePreset = `${n}d` as RangePreset) =>
    span(preset, addDays(today, -(n - 1)), today, notice);
  switch (input.range) {
    case "7d":
      return lastDays(7);
    case "90d":
      return lastDays(90);
    case "quarter": {
      const month = Math.floor((today.month - 1) / 3) * 3 + 1;
      return span("quarter", { year: today.year, month, day: 1 }, today, null);
    }
    case "all":
      return span("all", null, today, null);
    case "custom": {
      const from = parseCalendarDate(input.from);
      const to = parseCalendarDate(input.to);
      if (!from || !to)
        return lastDays(
          30,
          "Choose both days of a custom range (from and to). Showing the last 30 days.",
          "30d",
        );
      if (compareDates(from, to) > 0)
        return lastDays(30, "The custom range ends before it starts. Showing the last 30 days.", "30d");
      if (compareDates(addDays(from, MAX_CUSTOM_DAYS), to) < 0)
        return lastDays(30, "A custom range can span at most five years. Showing the last 30 days.", "30d");
      return span("custom", from, to, null);
    }
    default:
      return lastDays(30);
  }
}

/** The range's own URL query (for links that keep it). */
export function dashboardRangeQuery(range: DashboardRange): string {
  const params = new URLSearchParams();
  if (range.preset !== "30d") params.set("range", range.preset);
  if (range.preset === "custom" && range.firstDay) {
    params.set("from", formatCalendarDate(range.firstDay));
    params.set("to", formatCalendarDate(range.lastDay));
  }
  return params.toString();
}
