import { and, count, eq, gt, sql, sum } from "drizzle-orm";
import { asSystem, withActor } from "@/db/rls";
import { leadCounts, profiles, stripeEvents } from "@/db/schema";
import { MEMBERSHIP_STATUSES, type MembershipStatus } from "@/db/schema/values";
import type { Database } from "@/db/types";
import { fail, type Result } from "@/lib/result";
import { type Actor, isAdmin } from "./load-actor";

export type AdminOverview = {
  users: number;
  admins: number;
  salesReps: number;
  billingExempt: number;
  byStatus: Record<MembershipStatus, number>;
  leadsByStatus: Record<string, number>;
  /** Webhook events whose processing failed in the last seven days. */
  recentWebhookFailures: number;
};

export async function getAdminOverview(
  db: Database,
  actor: Actor,
): Promise<Result<{ overview: AdminOverview }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may see the overview.");
  const since = new Date(Date.now() - 7 * 86_400_000);
  // The event log is system-only; the admin check above is what lets this count through.
  const [failures] = await asSystem(db, "admin overview: webhook failures", (tx) =>
    tx
      .select({ n: count() })
      .from(stripeEvents)
      .where(and(eq(stripeEvents.status, "failed"), gt(stripeEvents.receivedAt, since))),
  );
  return withActor(db, actor, async (tx) => {
    const [totals] = await tx
      .select({
        users: count(),
        admins: sql<number>`count(*) filter (where ${profiles.role} = 'admin')`.mapWith(Number),
        salesReps: sql<number>`count(*) filter (where ${profiles.isSales})`.mapWith(Number),
        billingExempt: sql<number>`count(*) filter (where ${profiles.billingExempt})`.mapWith(Number),
      })
      .from(profiles);
    const statuses = await tx
      .select({ status: profiles.membershipStatus, n: count() })
      .from(profiles)
      .groupBy(profiles.membershipStatus);
    const leadRows = await tx
      .select({ status: leadCounts.status, n: sum(leadCounts.n).mapWith(Number) })
      .from(leadCounts)
      .groupBy(leadCounts.status);
    const byStatus = Object.fromEntries(MEMBERSHIP_STATUSES.map((s) => [s, 0])) as Record<
      MembershipStatus,
      number
    >;
    for (const s of statuses) byStatus[s.status] = s.n;
    return {
      ok: true,
      overview: {
        users: totals?.users ?? 0,
        admins: totals?.admins ?? 0,
        salesReps: totals?.salesReps ?? 0,
        billingExempt: totals?.billingExempt ?? 0,
        byStatus,
        leadsByStatus: Object.fromEntries(leadRows.map((r) => [r.status, r.n])),
        recentWebhookFailures: failures?.n ?? 0,
      },
    };
  });
}
