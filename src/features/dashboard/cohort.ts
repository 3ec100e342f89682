import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import type { Tx } from "@/db/types";
import { PIPELINE_STAGES } from "@/features/leads/lead-slice";
import { LOSS_REASONS, type LossReason } from "@/features/leads/options";

/** The moments a dashboard number covers: [start, end); start null means from the first lead on. */
export type Span = { start: Date | null; end: Date };

export const spanWhere = (column: ReturnType<typeof sql.raw>, span: Span) =>
  span.start
    ? sql`${column} >= ${span.start.toISOString()}::timestamptz and ${column} < ${span.end.toISOString()}::timestamptz`
    : sql`${column} < ${span.end.toISOString()}::timestamptz`;

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
 * losses, and its time to first contact. Both read the covering index leads_cohort_idx (migration 0017).
 */
export async function readCohort(
  tx: Tx,
  span: Span,
): Promise<{ funnel: Funnel; firstContact: FirstContact }> {
  const inRange = spanWhere(sql.raw("created_at"), span);
  const groups = await queryRows<{
    highest_stage: number;
    status: string;
    loss_reason: string | null;
    n: string | number;
  }>(
    tx,
    sql`select highest_stage, status, case when status = 'closed_lost' then loss_reason end as loss_reason,
          count(*) as n
        from leads where ${inRange} group by 1, 2, 3`,
  );
  const [contact] = await queryRows<{
    cohort: string | number;
    answered: string | number;
    median: string | number | null;
    within_1h: string | number;
    within_24h: string | number;
    waiting: string | number;
    oldest_waiting: Date | string | null;
  }>(
    tx,
    sql`select count(*) as cohort,
          count(first_contact_at) as answered,
          percentile_cont(0.5) within group (order by extract(epoch from first_contact_at - created_at))
            filter (where first_contact_at is not null) as median,
          count(*) filter (where first_contact_at - created_at <= interval '1 hour') as within_1h,
          count(*) filter (where first_contact_at - created_at <= interval '24 hours') as within_24h,
          count(*) filter (where first_contact_at is null and status not in ('closed_won', 'closed_lost')) as waiting,
          min(created_at) filter (where first_contact_at is null and status not in ('closed_won', 'closed_lost'))
            as oldest_waiting
        from leads where ${inRange}`,
  );
  let cohort = 0;
  let lost = 0;
  const reachedAt = PIPELINE_STAGES.map(() => 0);
  const byReason = new Map<string | null, number>();
  for (const g of groups) {
    const n = Number(g.n);
    cohort += n;
    for (let k = 0; k <= Number(g.highest_stage); k++) reachedAt[k]! += n;
    if (g.status === "closed_lost") {
      lost += n;
      byReason.set(g.loss_reason, (byReason.get(g.loss_reason) ?? 0) + n);
    }
  }
  const known = new Set<string | null>(LOSS_REASONS);
  const lostByReason = [...byReason]
    .map(([reason, count]) => ({ reason: (known.has(reason) ? reason : null) as LossReason | null, count }))
    .sort((a, b) => b.count - a.count);
  const c = contact!;
  const answered = Number(c.answered);
  const waiting = Number(c.waiting);
  return {
    funnel: {
      cohort,
      reached: PIPELINE_STAGES.map((stage, k) => ({ stage, count: reachedAt[k]! })),
      lost,
      lostByReason,
    },
    firstContact: {
      cohort: Number(c.cohort),
      answered,
      medianSeconds: c.median === null ? null : Number(c.median),
      within1h: Number(c.within_1h),
      within24h: Number(c.within_24h),
      waiting,
      oldestWaitingAt: c.oldest_waiting ? new Date(c.oldest_waiting) : null,
      closedUnanswered: Number(c.cohort) - answered - waiting,
    },
  };
}
