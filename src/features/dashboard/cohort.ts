import { sql } from "drizzle-orm";
import { fromJson, jsonRows } from "@/db/query";
import type { Tx } from "@/db/types";
import { PIPELINE_STAGES } from "@/features/leads/lead-slice";
import { LOSS_REASONS, type LossReason } from "@/features/leads/options";
import { type DashboardSpan, daysWhere, type JsonCount, momentsWhere, selectPart } from "./range-sql";

export type Funnel = {
  /** Leads submitted in the range. */
  cohort: number;
  /** Per stage, how many of them ever reached it (skipped stages count as passed). */
  reached: { stage: (typeof PIPELINE_STAGES)[number]; count: number }[];
  lost: number;
  lostByReason: { reason: LossReason | null; count: number }[];
};

export type FirstContact = {
  cohort: number;
  answered: number;
  /** Median seconds from submission to the first status change a person made; null with none answered. */
  medianSeconds: number | null;
  within1h: number;
  within24h: number;
  /** Not answered and not closed: still waiting for someone. */
  waiting: number;
  oldestWaitingAt: Date | null;
  /** Closed without a person's status change (won by sign-up and payment alone). */
  closedUnanswered: number;
};

/**
 * The cohort (leads submitted in the range): its funnel by the highest stage each lead ever reached, its
 * losses, and its time to first contact, from the daily rollups (migration 0020): a few rows per day of the
 * range, however many leads it holds. The exact median reads the leads of the one or two delay buckets the
 * middle falls in (leads_contact_delay_idx); the oldest waiting lead is the first entry of leads_waiting_idx.
 */
export const cohortPart = (span: DashboardSpan) => sql`json_build_object(
  'groups', ${jsonRows(
    sql`select highest_stage as s, outcome as o, contact as c, sum(n) as n from lead_cohort_days
        where ${daysWhere(span)} group by 1, 2, 3 having sum(n) <> 0`,
  )},
  'losses', ${jsonRows(
    sql`select loss_reason as r, sum(n) as n from lead_loss_days where ${daysWhere(span)}
        group by 1 having sum(n) <> 0`,
  )},
  'median', ${medianDelay(span)},
  'oldestWaiting', (select min(created_at) from leads
    where first_contact_at is null and status not in ('closed_won', 'closed_lost')
      and ${momentsWhere(sql.raw("created_at"), span)})
)`;

/**
 * The two middle delays (as percentile_cont: the median is their mean; one and the same for an odd count):
 * the histogram says which bucket holds each and at which place, and one read of each such bucket's leads
 * in the range, in delay order, says what they are (leads_contact_delay_idx for a few days' leads,
 * leads_contact_delay_order_idx, already in delay order, for long ranges).
 */
const medianDelay = (span: DashboardSpan) => sql`(
  with hist as (
    select bucket, sum(n)::bigint as n from lead_contact_days where ${daysWhere(span)}
    group by 1 having sum(n) <> 0
  ), cum as (
    select bucket, n, (sum(n) over (order by bucket))::bigint - n as before, (sum(n) over ())::bigint as total
    from hist
  ), wanted as (
    select c.bucket, min(p.pos - c.before) as skip, max(p.pos - c.before) - min(p.pos - c.before) + 1 as take
    from (select total from cum limit 1) t
    cross join lateral (values ((t.total - 1) / 2), (t.total / 2)) p (pos)
    join cum c on p.pos >= c.before and p.pos < c.before + c.n
    group by c.bucket
  )
  select json_build_object('low', min(v.seconds), 'high', max(v.seconds)) from wanted w
  cross join lateral (
    select extract(epoch from l.first_contact_at - l.created_at) as seconds from leads l
    where l.first_contact_at is not null and l.contact_delay_bucket = w.bucket
      and ${momentsWhere(sql.raw("l.created_at"), span)}
    order by l.first_contact_at - l.created_at offset w.skip limit w.take
  ) v
  having count(*) > 0
)`;

type CohortJson = {
  groups: { s: number; o: "open" | "won" | "lost"; c: number; n: JsonCount }[];
  losses: { r: string; n: JsonCount }[];
  median: { low: JsonCount; high: JsonCount } | null;
  oldestWaiting: string | null;
};

export function parseCohort(value: unknown): { funnel: Funnel; firstContact: FirstContact } {
  const { groups, losses, median, oldestWaiting } = fromJson<CohortJson>(value);
  let cohort = 0;
  let lost = 0;
  const contact = [0, 0, 0, 0]; // within 1 h, within 24 h, later, not yet
  let waiting = 0;
  const reachedAt = PIPELINE_STAGES.map(() => 0);
  for (const g of groups) {
    const n = Number(g.n);
    cohort += n;
    for (let k = 0; k <= g.s; k++) reachedAt[k]! += n;
    if (g.o === "lost") lost += n;
    contact[g.c]! += n;
    if (g.c === 3 && g.o === "open") waiting += n;
  }
  const known = new Set<string>(LOSS_REASONS);
  const byReason = new Map<LossReason | null, number>();
  for (const l of losses) {
    const reason = known.has(l.r) ? (l.r as LossReason) : null;
    byReason.set(reason, (byReason.get(reason) ?? 0) + Number(l.n));
  }
  const answered = contact[0]! + contact[1]! + contact[2]!;
  const low = median ? Number(median.low) : 0;
  return {
    funnel: {
      cohort,
      reached: PIPELINE_STAGES.map((stage, k) => ({ stage, count: reachedAt[k]! })),
      lost,
      lostByReason: [...byReason]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count),
    },
    firstContact: {
      cohort,
      answered,
      medianSeconds: median ? low + (Number(median.high) - low) * 0.5 : null,
      within1h: contact[0]!,
      within24h: contact[0]! + contact[1]!,
      waiting,
      oldestWaitingAt: waiting && oldestWaiting ? new Date(oldestWaiting) : null,
      closedUnanswered: cohort - answered - waiting,
    },
  };
}

export const readCohort = (tx: Tx, span: DashboardSpan) => selectPart(tx, cohortPart(span), parseCohort);
