import { isNotNull } from "drizzle-orm";
import type Stripe from "stripe";
import { asSystem } from "@/db/rls";
import { profiles } from "@/db/schema";
import type { Database } from "@/db/types";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { syncStripeCustomer } from "./sync-stripe-customer";

export type ReconcileReport = {
  checked: number;
  changed: { userId: string; from: string; to: string; subscription: string | null }[];
  failed: { customerId: string; error: string }[];
};

/** Syncs every account that has a Stripe customer and reports what drifted (admin action and CLI). */
export async function reconcileBilling(
  db: Database,
  stripe: Stripe,
  actorId: string | null,
): Promise<ReconcileReport> {
  const customers = await asSystem(db, "reconcile: list customers", (tx) =>
    tx
      .select({ customerId: profiles.stripeCustomerId })
      .from(profiles)
      .where(isNotNull(profiles.stripeCustomerId)),
  );
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
