import clsx from "clsx";
import Link from "next/link";
import { type DashboardRange, RANGE_LABELS, RANGE_PRESETS } from "@/features/dashboard/dashboard-range";
import { formatCalendarDate } from "@/features/dashboard/zoned-time";

/** The range as links and a plain GET form (works without JavaScript); the URL holds the choice. */
export function RangePicker({ range }: { range: DashboardRange }) {
  return (
    <div className="flex flex-wrap items-end gap-3" data-testid="range-picker">
      <nav aria-label="Date range" className="flex flex-wrap gap-1">
        {RANGE_PRESETS.filter((p) => p !== "custom").map((preset) => (
          <Link
            key={preset}
            href={preset === "30d" ? "/sales/dashboard" : `/sales/dashboard?range=${preset}`}
            aria-current={range.preset === preset ? "page" : undefined}
            className={clsx(
              "rounded-md border px-2.5 py-1 text-sm",
              range.preset === preset
                ? "border-blue-600 bg-blue-600 text-white"
                : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
            )}
          >
            {RANGE_LABELS[preset]}
          </Link>
        ))}
      </nav>
      <form action="/sales/dashboard" className="flex flex-wrap items-end gap-2 text-sm">
        <input type="hidden" name="range" value="custom" />
        <label className="flex flex-col">
          <span className="text-xs text-slate-600">From</span>
          <input
            type="date"
            name="from"
            required
            defaultValue={range.firstDay ? formatCalendarDate(range.firstDay) : undefined}
            className="rounded-md border border-slate-300 px-2 py-1"
          />
        </label>
        <label className="flex flex-col">
          <span className="text-xs text-slate-600">To</span>
          <input
            type="date"
            name="to"
            required
            defaultValue={formatCalendarDate(range.lastDay)}
            className="rounded-md border border-slate-300 px-2 py-1"
          />
        </label>
        <button
          type="submit"
          className={clsx(
            "rounded-md border px-2.5 py-1",
            range.preset === "custom"
              ? "border-blue-600 bg-blue-600 text-white"
              : "border-slate-300 bg-white",
          )}
        >
          Show custom range
        </button>
      </form>
    </div>
  );
}
