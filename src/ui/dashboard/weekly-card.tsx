import type { Dashboard } from "@/features/dashboard/load-dashboard";
import type { WeekBucket } from "@/features/dashboard/weekly-leads";
import type { Formatter } from "@/lib/format";
import { Num, Section } from "./dashboard-card";
import { leadsHref } from "./leads-href";
import { WeekBars } from "./week-bars";

export function WeeklyCard({ data, format }: { data: Dashboard; format: Formatter }) {
  const { range } = data;
  const weekHref = (w: WeekBucket) => leadsHref({}, { from: w.start, to: w.end });
  return (
    <Section
      title="New leads per week"
      basis="cohort"
      testId="weekly"
      explains={`Leads submitted per ISO week (Monday to Sunday in ${range.timeZone}); a week cut by the range counts only its days inside it.`}
    >
      <WeekBars weeks={data.weekly} hrefOf={weekHref} />
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-slate-700">Numbers per week</summary>
        <table className="mt-2 w-full max-w-md text-sm" data-testid="weekly-table">
          <caption className="sr-only">New leads per ISO week</caption>
          <thead className="text-left text-xs text-slate-600">
            <tr>
              <th className="py-1 font-normal">Week</th>
              <th className="py-1 font-normal">Starts</th>
              <th className="py-1 text-right font-normal">New leads</th>
            </tr>
          </thead>
          <tbody>
            {data.weekly.map((w) => (
              <tr key={w.label} className="border-t border-slate-100">
                <th scope="row" className="py-1 text-left font-normal">
                  {w.label}
                </th>
                <td className="py-1 text-slate-700">{format.date(w.start)}</td>
                <td className="py-1 text-right">
                  <Num href={weekHref(w)} value={w.count} label={`new leads in ${w.label}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </Section>
  );
}
