import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { asSystem } from "@/db/rls";
import { profiles } from "@/db/schema";
import type { Database, Tx } from "@/db/types";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { type MembershipColumns, nextMembership } from "./membership-state";
import { LIVE_STATUSES, pickSubscription, subscriptionFacts } from "./pick-subscription";
import { onStartedPaying } from "./started-paying";

export type SyncOutcome =
  | { outcome: "unknown_customer" }
  | { outcome: "exempt"; userId: string }
  | {
      outcome: "synced";
      userId: string;
      changed: boolean;
      from: MembershipColumns;
      to: MembershipColumns;
      canceledDuplicates: string[];
    };

/** Serialises every change to one customer's billing state: syncs, exemption, checkout bookkeeping. */
export async function lockCustomer(tx: Tx, customerId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`stripe-customer:${customerId}`}))`);
}

const columnsOf = (p: typeof profiles.$inferSelect): MembershipColumns => ({
  membershipStatus: p.membershipStatus,
  trialEndsAt: p.trialEndsAt,
  billingPeriodEnd: p.billingPeriodEnd,
  graceEndsAt: p.graceEndsAt,
  stripeSubscriptionId: p.stripeSubscriptionId,
  stripePriceId: p.stripePriceId,
  cancelAtPeriodEnd: p.cancelAtPeriodEnd,
});

const same = (a: MembershipColumns, b: MembershipColumns) =>
  (Object.keys(a) as (keyof MembershipColumns)[]).every(
    (k) => String(a[k]?.valueOf()) === String(b[k]?.valueOf()),
  );

/**
 * The one convergent sync (SPEC §6): re-reads the customer's subscriptions from Stripe as they are now
 * and makes the account match, whatever event (or none) prompted it. Runs under a per-customer lock so
 * two syncs cannot interleave their read and write; billing-exempt accounts are never touched.
 */
export async function syncStripeCustomer(
  db: Database,
  stripe: Stripe,
  customerId: string,
  now = new Date(),
): Promise<SyncOutcome> {
  return asSystem(db, "stripe sync", async (tx) => {
    await lockCustomer(tx, customerId);
    const [profile] = await tx
      .select()
      .from(profiles)
      .where(eq(profiles.stripeCustomerId, customerId))
      .for("update");
    if (!profile) return { outcome: "unknown_customer" };
    if (profile.billingExempt) return { outcome: "exempt", userId: profile.id };

    const listed = await stripe.subscriptions.list({ customer: customerId, status: "all", limit: 100 });
    // A double click or a second tab may have paid twice: keep the oldest live subscription, cancel the rest.
    const live = listed.data.filter((s) => LIVE_STATUSES.has(s.status)).sort((a, b) => a.created - b.created);
    const canceledDuplicates: string[] = [];
    for (const extra of live.slice(1)) {
      await stripe.subscriptions.cancel(
        extra.id,
        {},
        { idempotencyKey: `frontdesk-cancel-duplicate-${extra.id}` },
      );
      canceledDuplicates.push(extra.id);
    }
    const remaining = listed.data.filter((s) => !canceledDuplicates.includes(s.id));
    const chosen = pickSubscription(remaining);
    const from = columnsOf(profile);
    const to = nextMembership(from, chosen ? subscriptionFacts(chosen) : null, now);
    const changed = !same(from, to);
    if (changed) {
      await tx
        .update(profiles)
        .set({ ...to, updatedAt: now })
        .where(eq(profiles.id, profile.id));
      if (from.membershipStatus !== to.membershipStatus) {
        await writeSystemAudit(tx, null, {
          action: "membership.changed",
          subjectType: "user",
          subjectId: profile.id,
          details: {
            from: from.membershipStatus,
            to: to.membershipStatus,
            subscription: to.stripeSubscriptionId,
          },
        });
      }
      if (to.membershipStatus === "active" && from.membershipStatus !== "active") {
        await onStartedPaying(tx, profile.id, now);
      }
    }
    for (const id of canceledDuplicates) {
      await writeSystemAudit(tx, null, {
        action: "billing.duplicate_subscription_canceled",
        subjectType: "user",
        subjectId: profile.id,
        details: { subscription: id },
      });
    }
    return { outcome: "synced", userId: profile.id, changed, from, to, canceledDuplicates };
  });
}
