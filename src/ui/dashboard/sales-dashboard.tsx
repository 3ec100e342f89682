import type { Dashboard } from "@/features/dashboard/load-dashboard";
import type { LeadSlice } from "@/features/leads/lead-slice";
import { LEAD_STATUSES, STATUS_LABELS } from "@/features/leads/options";
import type { Formatter } from "@/lib/format";
import { Num, Section, Stat } from "./dashboard-card";
import { formatCount } from "./figures";
import { FirstContactCard } from "./first-contact-card";
import { FunnelCard } from "./funnel-card";
import { leadsHref } from "./leads-href";
import { RangePicker } from "./range-picker";
import { RepCard } from "./rep-card";
import { RevenueCard } from "./revenue-card";
import { WeeklyCard } from "./weekly-card";

/** /sales/dashboard: the range, then one card per question, each saying what it counts (its basis). */
export function SalesDashboard({ data, format }: { data: Dashboard; format: Formatter }) {
  const { range } = data;
  const cohort: Partial<LeadSlice> = { from: range.start ?? undefined, to: range.end };
  const inRange = range.start
    ? `${format.date(range.start)} – ${format.date(new Date(range.end.getTime() - 1))}`
    : `all time, up to ${format.date(new Date(range.end.getTime() - 1))}`;
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <RangePicker range={range} />
        <p className="text-sm text-slate-600" data-testid="range-description">
          Showing {inRange}. Days and weeks are in {range.timeZone}.
        </p>
        {range.notice ? (
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {range.notice}
          </p>
        ) : null}
      </div>

      <Section
        title="Leads by status"
        basis="now"
        testId="by-status"
        explains={`Every lead as it stands now, whenever it was submitted (${formatCount(data.totalLeads)} in all).`}
      >
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          {LEAD_STATUSES.map((status) => (
            <Stat key={status} term={STATUS_LABELS[status]} testId={`status-${status}`}>
              <Num
                href={leadsHref({ status })}
                value={data.byStatus[status]}
                label={`leads ${STATUS_LABELS[status]}`}
              />
            </Stat>
          ))}
        </dl>
      </Section>

      <div className="grid gap-6 lg:grid-cols-2">
        <FunnelCard data={data} cohort={cohort} />
        <FirstContactCard data={data} cohort={cohort} format={format} />
      </div>
      <WeeklyCard data={data} format={format} />
      <RepCard data={data} />
      <RevenueCard data={data} />
    </div>
  );
}
