import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { asSystem } from "@/db/rls";
import { profiles } from "@/db/schema";
import type { Database, Tx } from "@/db/types";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { syncTeamCustomer, type TeamSyncOutcome } from "@/features/team-billing/sync-team-customer";
import {
  auditCanceledDuplicates,
  auditRefundedDuplicates,
  type BillingSubject,
  type DuplicateRefund,
  duplicateRecordsOf,
  readCustomerSubscriptions,
} from "./customer-subscriptions";
import { lockCustomer } from "./lock-customer";
import { type MembershipColumns, nextMembership } from "./membership-state";
import { monthlyRecurringAmount, recurringRevenueColumns } from "./monthly-recurring-amount";
import { subscriptionFacts } from "./pick-subscription";
import { onStartedPaying } from "./started-paying";

export { lockCustomer };

export type SyncOutcome =
  | TeamSyncOutcome
  | { outcome: "exempt"; userId: string }
  | {
      outcome: "synced";
      userId: string;
      changed: boolean;
      from: MembershipColumns;
      to: MembershipColumns;
      canceledDuplicates: string[];
      refundedDuplicates: string[];
    };

/**
 * How many times a sync reads Stripe again because another write to the account committed while it was
 * talking to Stripe. Each retry means someone else finished, so this bounds a burst, not a livelock.
 */
const MAX_ATTEMPTS = 5;

const columnsOf = (p: typeof profiles.$inferSelect): MembershipColumns => ({
  membershipStatus: p.membershipStatus,
  trialEndsAt: p.trialEndsAt,
  billingPeriodEnd: p.billingPeriodEnd,
  graceEndsAt: p.graceEndsAt,
  stripeSubscriptionId: p.stripeSubscriptionId,
  stripePriceId: p.stripePriceId,
  cancelAtPeriodEnd: p.cancelAtPeriodEnd,
});

const accountOf = (userId: string): BillingSubject => ({ type: "user", id: userId });

const same = (a: MembershipColumns, b: MembershipColumns) =>
  (Object.keys(a) as (keyof MembershipColumns)[]).every(
    (k) => String(a[k]?.valueOf()) === String(b[k]?.valueOf()),
  );

/**
 * The customer's profile with its row version (`xmin`: the transaction that last wrote the row), which
 * tells a sync whether anything committed to the row since it last looked.
 */
async function profileOf(tx: Tx, customerId: string, forUpdate = false) {
  const query = tx
    .select({ profile: profiles, version: sql<string>`${profiles}.xmin::text` })
    .from(profiles)
    .where(eq(profiles.stripeCustomerId, customerId));
  const [row] = await (forUpdate ? query.for("update") : query);
  return row ?? null;
}

/**
 * The one convergent sync (SPEC §6): re-reads the customer's subscriptions from Stripe as they are now
 * and makes the account match, whatever event (or none) prompted it; billing-exempt accounts are never
 * touched. A customer is an account's (profiles.stripe_customer_id) or a team's
 * (teams.stripe_customer_id); a team's goes to syncTeamCustomer, which applies the same rules. Stripe is called with no transaction open (on PGlite an open one stalls every request), and
 * the result is applied in a short transaction under the customer lock.
 *
 * Ordering: a sync applies what it read from Stripe only if the account's row is the version it saw
 * before asking Stripe; otherwise another write committed meanwhile, possibly from a fresher Stripe read,
 * and this sync asks Stripe again. Every sync writes the row (even with no change) so that it, too, bumps
 * the version. Committed syncs are therefore ordered like their Stripe reads, and an older read can never
 * overwrite a newer one.
 */
export async function syncStripeCustomer(
  db: Database,
  stripe: Stripe,
  customerId: string,
  now = new Date(),
): Promise<SyncOutcome> {
  const canceledDuplicates = new Set<string>();
  const refundedDuplicates = new Map<string, DuplicateRefund>();
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const seen = await asSystem(db, "stripe sync: read", async (tx) => {
      const row = await profileOf(tx, customerId);
      return row && { ...row, duplicates: await duplicateRecordsOf(tx, accountOf(row.profile.id)) };
    });
    if (!seen) return syncTeamCustomer(db, stripe, customerId, now);
    if (seen.profile.billingExempt) return { outcome: "exempt", userId: seen.profile.id };

    const { chosen, duplicates, refunded } = await readCustomerSubscriptions(
      stripe,
      customerId,
      seen.duplicates,
    );
    // Includes a duplicate an earlier, failed sync canceled but never recorded; the audit skips known ones.
    for (const id of duplicates) if (!seen.duplicates.canceled.has(id)) canceledDuplicates.add(id);
    for (const r of refunded) refundedDuplicates.set(r.subscription, r);

    const outcome = await asSystem(db, "stripe sync: apply", async (tx): Promise<SyncOutcome | null> => {
      await lockCustomer(tx, customerId);
      const current = await profileOf(tx, customerId, true);
      if (!current) return { outcome: "unknown_customer" };
      const { profile } = current;
      // An exemption that committed while Stripe was asked wins; what Stripe did is still recorded.
      if (profile.billingExempt) {
        await auditCanceledDuplicates(tx, accountOf(profile.id), canceledDuplicates);
        await auditRefundedDuplicates(tx, accountOf(profile.id), refundedDuplicates.values());
        return { outcome: "exempt", userId: profile.id };
      }
      if (current.version !== seen.version) return null;

      const from = columnsOf(profile);
      const to = nextMembership(from, chosen ? subscriptionFacts(chosen) : null, now);
      const changed = !same(from, to);
      await tx
        .update(profiles)
        .set({ ...(changed ? { ...to, updatedAt: now } : to), ...recurringRevenueColumns(chosen) })
        .where(eq(profiles.id, profile.id));
      if (changed && from.membershipStatus !== to.membershipStatus) {
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
        const monthly = chosen ? monthlyRecurringAmount(chosen) : null;
        await onStartedPaying(tx, profile.id, now, {
          subscription: to.stripeSubscriptionId,
          monthlyAmount: monthly?.amount ?? null,
          currency: monthly?.currency ?? null,
        });
      }
      await auditCanceledDuplicates(tx, accountOf(profile.id), canceledDuplicates);
      await auditRefundedDuplicates(tx, accountOf(profile.id), refundedDuplicates.values());
      return {
        outcome: "synced",
        userId: profile.id,
        changed,
        from,
        to,
        canceledDuplicates: [...canceledDuplicates],
        refundedDuplicates: [...refundedDuplicates.keys()],
      };
    });
    if (outcome) return outcome;
  }
  throw new Error(
    `Stripe sync of ${customerId}: the account kept changing while Stripe was read (${MAX_ATTEMPTS} tries).`,
  );
}
