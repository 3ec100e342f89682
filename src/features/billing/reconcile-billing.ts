import { isNotNull } from "drizzle-orm";
import type Stripe from "stripe";
import { asSystem } from "@/db/rls";
import { profiles, teams } from "@/db/schema";
import type { Database } from "@/db/types";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { syncStripeCustomer } from "./sync-stripe-customer";

/** An account whose billing drifted from Stripe and was repaired. */
export type AccountDrift = {
  userId: string;
  teamId?: undefined;
  from: string;
  to: string;
  subscription: string | null;
};

/** A team whose billing (its status or its seats) drifted from Stripe and was repaired. */
export type TeamDrift = {
  teamId: string;
  userId?: undefined;
  from: string;
  to: string;
  subscription: string | null;
  seatsFrom: number;
  seatsTo: number;
};

/** One repaired drift as a line of the report, for the admin page and `npm run reconcile`. */
export function describeDrift(drift: AccountDrift | TeamDrift): string {
  if (drift.teamId === undefined) return `Account ${drift.userId}: ${drift.from} → ${drift.to}`;
  const seats = drift.seatsFrom === drift.seatsTo ? "" : `, seats paid ${drift.seatsFrom} → ${drift.seatsTo}`;
  return `Team ${drift.teamId}: ${drift.from} → ${drift.to}${seats}`;
}

export type ReconcileReport = {
  /** Accounts and teams with a Stripe customer. */
  checked: number;
  changed: (AccountDrift | TeamDrift)[];
  failed: { customerId: string; error: string }[];
};

/**
 * Syncs every account and every team that has a Stripe customer and reports what drifted, a team's seat
 * count included (admin action and CLI).
 */
export async function reconcileBilling(
  db: Database,
  stripe: Stripe,
  actorId: string | null,
): Promise<ReconcileReport> {
  const customers = await asSystem(db, "reconcile: list customers", async (tx) => [
    ...(await tx
      .select({ customerId: profiles.stripeCustomerId })
      .from(profiles)
      .where(isNotNull(profiles.stripeCustomerId))),
    ...(await tx
      .select({ customerId: teams.stripeCustomerId })
      .from(teams)
      .where(isNotNull(teams.stripeCustomerId))),
  ]);
  const report: ReconcileReport = { checked: 0, changed: [], failed: [] };
  for (const { customerId } of customers) {
    report.checked++;
    try {
      const result = await syncStripeCustomer(db, stripe, customerId!);
      if (result.outcome === "synced" && result.changed) {
        report.changed.push({
          userId: result.userId,
          from: result.from.membershipStatus,
          to: result.to.membershipStatus,
          subscription: result.to.stripeSubscriptionId,
        });
      }
      if (result.outcome === "team_synced" && result.changed) {
        report.changed.push({
          teamId: result.teamId,
          from: result.from.billingStatus,
          to: result.to.billingStatus,
          subscription: result.to.stripeSubscriptionId ?? result.from.stripeSubscriptionId,
          seatsFrom: result.from.seatsPaid,
          seatsTo: result.to.seatsPaid,
        });
      }
    } catch (error) {
      report.failed.push({ customerId: customerId!, error: (error as Error).message });
    }
  }
  await asSystem(db, "reconcile: audit", (tx) =>
    writeSystemAudit(tx, actorId, {
      action: "billing.reconciled",
      subjectType: "billing",
      subjectId: null,
      details: { checked: report.checked, changed: report.changed.length, failed: report.failed.length },
    }),
  );
  return report;
}
