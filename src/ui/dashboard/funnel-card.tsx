import type { Dashboard } from "@/features/dashboard/load-dashboard";
import type { LeadSlice, PipelineStage } from "@/features/leads/lead-slice";
import { STATUS_LABELS } from "@/features/leads/options";
import { Num, Section } from "./dashboard-card";
import { formatCount, formatShare } from "./figures";
import { leadsHref } from "./leads-href";

const STAGE_LABELS: Record<PipelineStage, string> = {
  new: "Submitted",
  contacted: STATUS_LABELS.contacted,
  qualified: STATUS_LABELS.qualified,
  converted: STATUS_LABELS.converted,
  closed_won: STATUS_LABELS.closed_won,
};

export function FunnelCard({ data, cohort }: { data: Dashboard; cohort: Partial<LeadSlice> }) {
  const { range } = data;
  const reached = data.funnel.reached;
  return (
    <Section
      title="Funnel"
      basis="cohort"
      testId="funnel"
      explains={`The ${formatCount(data.funnel.cohort)} leads submitted ${range.start ? "in the range" : "so far"}, each counted once at the furthest stage it ever reached: skipped stages count as passed, moving back does not un-count, and lost leads keep the stage they reached.`}
    >
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-slate-600">
          <tr>
            <th className="py-1 font-normal">Stage reached</th>
            <th className="py-1 text-right font-normal">Leads</th>
            <th className="py-1 text-right font-normal">From previous</th>
            <th className="py-1 text-right font-normal">Of all</th>
          </tr>
        </thead>
        <tbody>
          {reached.map((step, i) => (
            <tr key={step.stage} className="border-t border-slate-100" data-testid={`funnel-${step.stage}`}>
              <th scope="row" className="py-1.5 text-left font-normal">
                {STAGE_LABELS[step.stage]}
              </th>
              <td className="py-1.5 text-right">
                <Num
                  href={leadsHref({}, { ...cohort, stage: i === 0 ? undefined : step.stage })}
                  value={step.count}
                  label={`leads reached ${STAGE_LABELS[step.stage]}`}
                />
              </td>
              <td className="py-1.5 text-right tabular-nums text-slate-700">
                {i === 0 ? "" : formatShare(step.count, reached[i - 1]!.count)}
              </td>
              <td className="py-1.5 text-right tabular-nums text-slate-700">
                {formatShare(step.count, reached[0]!.count)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-4 rounded-md bg-red-50 p-3 text-sm" data-testid="funnel-lost">
        <p>
          Lost:{" "}
          <Num
            href={leadsHref({ status: "closed_lost" }, cohort)}
            value={data.funnel.lost}
            label="leads lost"
          />{" "}
          ({formatShare(data.funnel.lost, data.funnel.cohort)} of the cohort)
        </p>
        {data.funnel.lostByReason.length ? (
          <ul className="mt-2 space-y-0.5">
            {data.funnel.lostByReason.map((r) => (
              <li key={r.reason ?? "none"}>
                {r.reason ?? "No reason recorded"}:{" "}
                {r.reason ? (
                  <Num
                    href={leadsHref({ status: "closed_lost" }, { ...cohort, lossReason: r.reason })}
                    value={r.count}
                    label={`leads lost: ${r.reason}`}
                  />
                ) : (
                  formatCount(r.count)
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </Section>
  );
}
