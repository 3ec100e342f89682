import Link from "next/link";
import type { Dashboard } from "@/features/dashboard/load-dashboard";
import type { WeekBucket } from "@/features/dashboard/weekly-leads";
import type { LeadSlice, PipelineStage } from "@/features/leads/lead-slice";
import { LEAD_STATUSES, STATUS_LABELS } from "@/features/leads/options";
import type { Formatter } from "@/lib/format";
import { Badge, Card } from "@/ui/card";
import { formatAmounts, formatCount, formatDuration, formatShare } from "./figures";
import { leadsHref } from "./leads-href";
import { RangePicker } from "./range-picker";
import { WeekBars } from "./week-bars";

type Basis = "now" | "cohort" | "activity";

const BASIS_TEXT: Record<Basis, string> = {
  now: "Now",
  cohort: "Cohort",
  activity: "Activity",
};

/** Every card says what it counts: the current state, the leads submitted in the range, or events in it. */
function Section({
  title,
  basis,
  explains,
  children,
  testId,
}: {
  title: string;
  basis: Basis;
  explains: string;
  children: React.ReactNode;
  testId: string;
}) {
  return (
    <Card className="min-w-0">
      <section aria-labelledby={`${testId}-title`} data-testid={testId}>
        <div className="mb-3 flex flex-wrap items-baseline gap-2">
          <h2 id={`${testId}-title`} className="font-medium">
            {title}
          </h2>
          <Badge tone={basis === "now" ? "slate" : basis === "cohort" ? "blue" : "amber"}>
            {BASIS_TEXT[basis]}
          </Badge>
        </div>
        <p className="mb-4 text-xs text-slate-600">{explains}</p>
        {children}
      </section>
    </Card>
  );
}

/** One figure of a card: its term, the figure, and a line under it. */
function Stat({
  term,
  note,
  tone = "slate",
  testId,
  children,
}: {
  term: string;
  note?: React.ReactNode;
  tone?: "slate" | "amber";
  testId?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={`rounded-md p-3 ${tone === "amber" ? "bg-amber-50" : "bg-slate-50"}`}>
      <dt className="text-xs text-slate-600">{term}</dt>
      <dd className="mt-1 text-xl" data-testid={testId}>
        {children}
      </dd>
      {note ? <dd className="text-xs text-slate-600">{note}</dd> : null}
    </div>
  );
}

function Num({ href, value, label }: { href: string; value: number; label: string }) {
  return (
    <Link href={href} className="font-semibold text-blue-700 tabular-nums underline-offset-2 hover:underline">
      {formatCount(value)}
      <span className="sr-only"> {label}</span>
    </Link>
  );
}

const STAGE_LABELS: Record<PipelineStage, string> = {
  new: "Submitted",
  contacted: STATUS_LABELS.contacted,
  qualified: STATUS_LABELS.qualified,
  converted: STATUS_LABELS.converted,
  closed_won: STATUS_LABELS.closed_won,
};

export function SalesDashboard({ data, format }: { data: Dashboard; format: Formatter }) {
  const { range } = data;
  const cohort: Partial<LeadSlice> = { from: range.start ?? undefined, to: range.end };
  const inRange = range.start
    ? `${format.date(range.start)} – ${format.date(new Date(range.end.getTime() - 1))}`
    : `all time, up to ${format.date(new Date(range.end.getTime() - 1))}`;
  const fc = data.firstContact;
  const reached = data.funnel.reached;
  const weekHref = (w: WeekBucket) => leadsHref({}, { from: w.start, to: w.end });
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
                <tr
                  key={step.stage}
                  className="border-t border-slate-100"
                  data-testid={`funnel-${step.stage}`}
                >
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

        <Section
          title="Time to first contact"
          basis="cohort"
          testId="first-contact"
          explains="From submission to the first status change a person made. Claiming alone, and changes the system makes (a sign-up, a payment), do not stop the clock."
        >
          <dl className="grid grid-cols-2 gap-3 text-sm">
            <Stat
              term="Median"
              testId="first-contact-median"
              note={
                <>
                  of{" "}
                  <Num
                    href={leadsHref({}, { ...cohort, contact: "answered" })}
                    value={fc.answered}
                    label="leads answered"
                  />{" "}
                  answered
                </>
              }
            >
              <span className="font-semibold">
                {fc.medianSeconds === null ? "—" : formatDuration(fc.medianSeconds)}
              </span>
            </Stat>
            <Stat term="Within 1 hour" note={`${formatShare(fc.within1h, fc.cohort)} of the cohort`}>
              <Num
                href={leadsHref({}, { ...cohort, contact: "within_1h" })}
                value={fc.within1h}
                label="leads answered within 1 hour"
              />
            </Stat>
            <Stat term="Within 24 hours" note={`${formatShare(fc.within24h, fc.cohort)} of the cohort`}>
              <Num
                href={leadsHref({}, { ...cohort, contact: "within_24h" })}
                value={fc.within24h}
                label="leads answered within 24 hours"
              />
            </Stat>
            <Stat
              term="Still waiting"
              tone="amber"
              testId="first-contact-waiting"
              note={
                fc.oldestWaitingAt
                  ? `Oldest since ${format.dateTime(fc.oldestWaitingAt)}`
                  : "Nobody is waiting"
              }
            >
              <Num
                href={leadsHref({}, { ...cohort, contact: "waiting" })}
                value={fc.waiting}
                label="leads still waiting"
              />
            </Stat>
          </dl>
          {fc.closedUnanswered > 0 ? (
            <p className="mt-3 text-xs text-slate-600">
              {formatCount(fc.closedUnanswered)} closed without a person's status change (won by sign-up and
              payment alone).
            </p>
          ) : null}
        </Section>
      </div>

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

      <Section
        title="Per rep"
        basis="activity"
        testId="per-rep"
        explains="Open now is the current state (owned, not closed). Claimed and won count what happened in the range; a win is credited to whoever owned the lead when it was won. MRR won is what those won accounts bring in per month now."
      >
        <div className="overflow-x-auto">
          <table className="w-full min-w-[32rem] text-sm">
            <thead className="text-left text-xs text-slate-600">
              <tr>
                <th className="py-1 font-normal">Person</th>
                <th className="py-1 text-right font-normal">Open now</th>
                <th className="py-1 text-right font-normal">Claimed in range</th>
                <th className="py-1 text-right font-normal">Won in range</th>
                <th className="py-1 text-right font-normal">MRR won</th>
              </tr>
            </thead>
            <tbody>
              {data.reps.map((rep) => {
                const won = { wonFrom: range.start ?? undefined, wonTo: range.end, wonBy: rep.id || "none" };
                return (
                  <tr
                    key={rep.id || "unclaimed"}
                    className="border-t border-slate-100"
                    data-testid={`rep-${rep.id || "unclaimed"}`}
                  >
                    <th scope="row" className="py-1.5 text-left font-normal">
                      {rep.name}
                    </th>
                    <td className="py-1.5 text-right">
                      <Num
                        href={
                          rep.id ? leadsHref({ owner: rep.id }, { open: true }) : leadsHref({ owner: "open" })
                        }
                        value={rep.openNow}
                        label={`open leads of ${rep.name}`}
                      />
                    </td>
                    <td className="py-1.5 text-right">
                      {rep.id ? (
                        <Num
                          href={leadsHref(
                            {},
                            {
                              claimedFrom: range.start ?? undefined,
                              claimedTo: range.end,
                              claimedBy: rep.id,
                            },
                          )}
                          value={rep.claimed}
                          label={`leads claimed by ${rep.name}`}
                        />
                      ) : (
                        ""
                      )}
                    </td>
                    <td className="py-1.5 text-right">
                      <Num href={leadsHref({}, won)} value={rep.won} label={`leads won by ${rep.name}`} />
                    </td>
                    <td className="py-1.5 text-right tabular-nums">
                      {rep.mrrWon.size ? (
                        <Link
                          href={leadsHref({}, { ...won, revenue: true })}
                          className="text-blue-700 hover:underline"
                        >
                          {formatAmounts(rep.mrrWon)}
                        </Link>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Section>

      <Section
        title="Recurring revenue from leads"
        basis="now"
        testId="revenue"
        explains="Monthly recurring revenue as Stripe counts it, from accounts that came from leads: active and past-due subscriptions, yearly plans divided by 12, teams as seats × price; trials and billing-exempt accounts excluded. Per currency, and per rep who won the lead."
      >
        {data.revenue.length ? (
          <div className="space-y-3 text-sm">
            <ul className="flex flex-wrap gap-3">
              {data.revenue.map((r) => (
                <li
                  key={r.currency}
                  className="rounded-md bg-emerald-50 p-3"
                  data-testid={`revenue-${r.currency}`}
                >
                  <p className="text-xl font-semibold">{formatAmounts(new Map([[r.currency, r.amount]]))}</p>
                  <p className="text-xs text-slate-600">
                    per month from{" "}
                    <Num
                      href={leadsHref({}, { revenueIn: r.currency })}
                      value={r.leads}
                      label={`paying accounts from leads in ${r.currency.toUpperCase()}`}
                    />{" "}
                    {r.leads === 1 ? "account" : "accounts"}
                  </p>
                </li>
              ))}
            </ul>
            <table className="w-full max-w-md text-sm">
              <thead className="text-left text-xs text-slate-600">
                <tr>
                  <th className="py-1 font-normal">Won by</th>
                  <th className="py-1 text-right font-normal">MRR</th>
                </tr>
              </thead>
              <tbody>
                {data.revenueByWinner.map((w) => (
                  <tr key={w.id || "none"} className="border-t border-slate-100">
                    <th scope="row" className="py-1 text-left font-normal">
                      {w.id ? w.name : "Nobody (won unclaimed, or not won now)"}
                    </th>
                    <td className="py-1 text-right tabular-nums">
                      {w.id ? (
                        <Link
                          href={leadsHref({}, { revenue: true, wonBy: w.id })}
                          className="text-blue-700 hover:underline"
                        >
                          {formatAmounts(w.amounts)}
                        </Link>
                      ) : (
                        formatAmounts(w.amounts)
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="text-sm text-slate-600">No account that came from a lead pays yet.</p>
        )}
      </Section>
    </div>
  );
}
