import type { WeekBucket } from "@/features/dashboard/weekly-leads";
import { formatCount } from "@/lib/format";

const HEIGHT = 160;
const LABEL_ROOM = 22;

/**
 * New leads per week as bars drawn on the server (plain SVG, no script): every bar is a link to that
 * week's leads. The same numbers are in the table beside it (WeekTable) for screen readers and for
 * anyone who prefers numbers; the SVG itself is hidden from assistive technology.
 */
export function WeekBars({ weeks, hrefOf }: { weeks: WeekBucket[]; hrefOf: (week: WeekBucket) => string }) {
  const max = Math.max(1, ...weeks.map((w) => w.count));
  // A fixed drawing width: a few weeks get wide bars, years of weeks thin ones, and the chart always
  // fills its card.
  const width = 720;
  const slot = width / Math.max(weeks.length, 1);
  const gap = Math.min(6, slot * 0.25);
  const labelEvery = Math.max(1, Math.ceil(weeks.length / 12));
  return (
    <svg
      viewBox={`0 0 ${width} ${HEIGHT + LABEL_ROOM}`}
      className="h-48 w-full"
      aria-hidden="true"
      data-testid="weekly-chart"
      role="presentation"
    >
      <line x1={0} x2={width} y1={HEIGHT} y2={HEIGHT} className="stroke-slate-300" strokeWidth={1} />
      {weeks.map((week, i) => {
        const h = Math.round((week.count / max) * (HEIGHT - 12));
        const x = i * slot + gap / 2;
        return (
          <a key={week.label} href={hrefOf(week)} tabIndex={-1}>
            <title>{`${week.label}: ${formatCount(week.count)} new leads`}</title>
            <rect
              x={x}
              y={HEIGHT - h}
              width={slot - gap}
              height={Math.max(h, week.count ? 1 : 0)}
              className="fill-blue-600"
            />
            {i % labelEvery === 0 ? (
              <text
                x={x + (slot - gap) / 2}
                y={HEIGHT + 15}
                textAnchor="middle"
                className="fill-slate-500 text-[9px]"
              >
                {week.label.slice(5)}
              </text>
            ) : null}
          </a>
        );
      })}
    </svg>
  );
}
