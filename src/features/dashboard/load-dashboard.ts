import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import { withActor } from "@/db/rls";
import type { Database, Tx } from "@/db/types";
import { type Actor, canUseSalesConsole } from "@/features/accounts/load-actor";
import type { LeadStatus } from "@/features/leads/options";
import { fail, type Result } from "@/lib/result";
import {
  type Activity,
  type Amounts,
  activityPart,
  parseActivity,
  parseRevenue,
  type Revenue,
  revenuePart,
} from "./activity";
import { cohortPart, type FirstContact, type Funnel, parseCohort } from "./cohort";
import {
  type DashboardRange,
  type DashboardRangeInput,
  dashboardRangeSchema,
  resolveDashboardRange,
} from "./dashboard-range";
import { type PipelineNow, parsePipelineNow, pipelineNowPart } from "./pipeline-now";
import { ensureRollupZone } from "./rollup-zone";
import { parseWeeklyLeads, type WeekBucket, weeklyLeadsPart } from "./weekly-leads";

export const loadDashboardSchema = dashboardRangeSchema;

/** One row of the per-rep table; id '' is "Unclaimed" (nobody owns it, or nobody owned it when won). */
export type RepResult = {
  id: string;
  name: string;
  openNow: number;
  claimed: number;
  won: number;
  mrrWon: Amounts;
};

export type Dashboard = {
  range: DashboardRange;
  /** Now: leads by status. */
  byStatus: Record<LeadStatus, number>;
  totalLeads: number;
  /** Cohort: leads submitted in the range. */
  funnel: Funnel;
  firstContact: FirstContact;
  weekly: WeekBucket[];
  /** Now and activity mixed per column, each column says which. */
  reps: RepResult[];
  /** Now: MRR of accounts that came from leads. */
  revenue: Revenue["total"];
  revenueByWinner: { id: string; name: string; amounts: Amounts }[];
};

/**
 * Everything /sales/dashboard shows for a range, read in one transaction as the actor (row-level
 * security lets only sales reps and admins read leads). Each part reads facts kept on the lead or in
 * trigger-kept tables (migration 0017, lead_counts, the daily rollups of 0020), never the whole timeline.
 */
export async function loadDashboard(
  db: Database,
  actor: Actor,
  input: DashboardRangeInput,
  options: { now?: Date; timeZone: string },
): Promise<Result<Dashboard>> {
  if (!canUseSalesConsole(actor))
    return fail("forbidden", "Only sales reps and admins may see the dashboard.");
  const range = resolveDashboardRange(input, options.now ?? new Date(), options.timeZone);
  const read = () =>
    withActor(db, actor, async (tx) => {
      const [parts] = await queryRows<
        Record<"zone" | "pipeline" | "cohort" | "activity" | "revenue" | "weekly", unknown>
      >(
        tx,
        sql`select (select zone from dashboard_zone) as zone, ${pipelineNowPart()} as pipeline,
              ${cohortPart(range)} as cohort, ${activityPart(range)} as activity, ${revenuePart()} as revenue,
              ${weeklyLeadsPart(range)} as weekly`,
      );
      // The rollups count days of one zone; start-up rebuilds them when APP_TIMEZONE changes, and so does
      // the first dashboard read after a change start-up did not see (another process's zone).
      if (parts!.zone !== options.timeZone) return null;
      return assemble(tx, range, {
        pipeline: parsePipelineNow(parts!.pipeline),
        ...parseCohort(parts!.cohort),
        activity: parseActivity(parts!.activity),
        revenue: parseRevenue(parts!.revenue),
        weekly: parseWeeklyLeads(parts!.weekly, range, options.timeZone),
      });
    });
  const dashboard = await read();
  if (dashboard) return dashboard;
  await ensureRollupZone(db, options.timeZone);
  return (
    (await read()) ??
    fail("unavailable", "The dashboard is being recounted for a new time zone. Try again in a moment.")
  );
}

/** The parts, as one statement reads them (one round trip), and the people they name. */
async function assemble(
  tx: Tx,
  range: DashboardRange,
  parts: {
    pipeline: PipelineNow;
    funnel: Funnel;
    firstContact: FirstContact;
    activity: Activity;
    revenue: Revenue;
    weekly: WeekBucket[];
  },
): Promise<Result<Dashboard>> {
  const { pipeline, funnel, firstContact, activity, revenue, weekly } = parts;
  const ids = new Set<string>([
    ...pipeline.openByOwner.keys(),
    ...activity.claimedBy.keys(),
    ...activity.wonBy.keys(),
    ...activity.mrrWonBy.keys(),
    ...revenue.byWinner.keys(),
  ]);
  ids.delete("");
  const names = ids.size
    ? await queryRows<{ id: string; name: string }>(
        tx,
        sql`select id, name from users where id in (${sql.join(
          [...ids].map((id) => sql`${id}`),
          sql`, `,
        )})`,
      )
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const name = (id: string) => (id ? (nameOf.get(id) ?? "Former team member") : "Unclaimed");
  const reps: RepResult[] = [...ids]
    .map((id) => ({
      id,
      name: name(id),
      openNow: pipeline.openByOwner.get(id) ?? 0,
      claimed: activity.claimedBy.get(id) ?? 0,
      won: activity.wonBy.get(id) ?? 0,
      mrrWon: activity.mrrWonBy.get(id) ?? new Map(),
    }))
    .sort((a, b) => b.won - a.won || b.openNow - a.openNow || a.name.localeCompare(b.name));
  reps.push({
    id: "",
    name: "Unclaimed",
    openNow: pipeline.openByOwner.get("") ?? 0,
    claimed: 0,
    won: activity.wonBy.get("") ?? 0,
    mrrWon: activity.mrrWonBy.get("") ?? new Map(),
  });
  return {
    ok: true,
    range,
    byStatus: pipeline.byStatus,
    totalLeads: pipeline.total,
    funnel,
    firstContact,
    weekly,
    reps,
    revenue: revenue.total,
    revenueByWinner: [...revenue.byWinner]
      .map(([id, amounts]) => ({ id, name: name(id), amounts }))
      .sort((a, b) => (a.id === "" ? 1 : b.id === "" ? -1 : a.name.localeCompare(b.name))),
  };
}
