import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import { withActor } from "@/db/rls";
import type { Database } from "@/db/types";
import { type Actor, canUseSalesConsole } from "@/features/accounts/load-actor";
import type { LeadStatus } from "@/features/leads/options";
import { fail, type Result } from "@/lib/result";
import { type Amounts, type Revenue, readActivity, readRevenue } from "./activity";
import { type FirstContact, type Funnel, readCohort } from "./cohort";
import {
  type DashboardRange,
  type DashboardRangeInput,
  dashboardRangeSchema,
  resolveDashboardRange,
} from "./dashboard-range";
import { readPipelineNow } from "./pipeline-now";
import { readWeeklyLeads, type WeekBucket } from "./weekly-leads";

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
 * trigger-kept tables (migration 0017, lead_counts), never the whole timeline.
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
  return withActor(db, actor, async (tx) => {
    const pipeline = await readPipelineNow(tx);
    const { funnel, firstContact } = await readCohort(tx, range);
    const activity = await readActivity(tx, range);
    const revenue = await readRevenue(tx);
    const weekly = await readWeeklyLeads(tx, range, options.timeZone);

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
  });
}
