import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { asSystem } from "@/db/rls";
import { auditLog, profiles } from "@/db/schema";
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

/** What Stripe holds for the customer now, after canceling any second live subscription. */
async function readStripe(stripe: Stripe, customerId: string) {
  const listed = await stripe.subscriptions.list({ customer: customerId, status: "all", limit: 100 });
  // A double click or a second tab may have paid twice: keep the oldest live subscription, cancel the rest.
  const live = listed.data.filter((s) => LIVE_STATUSES.has(s.status)).sort((a, b) => a.created - b.created);
  const canceled: string[] = [];
  for (const extra of live.slice(1)) {
    await stripe.subscriptions.cancel(
      extra.id,
      {},
      { idempotencyKey: `frontdesk-cancel-duplicate-${extra.id}` },
    );
    canceled.push(extra.id);
  }
  const chosen = pickSubscription(listed.data.filter((s) => !canceled.includes(s.id)));
  return { chosen, canceled };
}

/**
 * Two syncs that both canceled a duplicate (the cancel is idempotent, so both "succeed") record it once;
 * the customer lock held by the caller makes the check-then-insert safe.
 */
async function auditCanceledDuplicates(tx: Tx, userId: string, ids: Iterable<string>): Promise<void> {
  for (const id of ids) {
    const [already] = await tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, "billing.duplicate_subscription_canceled"),
          eq(auditLog.subjectId, userId),
          sql`${auditLog.details}->>'subscription' = ${id}`,
        ),
      )
      .limit(1);
    if (already) continue;
    await writeSystemAudit(tx, null, {
      action: "billing.duplicate_subscription_canceled",
      subjectType: "user",
      subjectId: userId,
      details: { subscription: id },
    });
  }
}

/**
 * The one convergent sync (SPEC §6): re-reads the customer's subscriptions from Stripe as they are now
 * and makes the account match, whatever event (or none) prompted it; billing-exempt accounts are never
 * touched. Stripe is called with no transaction open (on PGlite an open one stalls every request), and
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
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const seen = await asSystem(db, "stripe sync: read", (tx) => profileOf(tx, customerId));
    if (!seen) return { outcome: "unknown_customer" };
    if (seen.profile.billingExempt) return { outcome: "exempt", userId: seen.profile.id };

    const { chosen, canceled } = await readStripe(stripe, customerId);
    for (const id of canceled) canceledDuplicates.add(id);

    const outcome = await asSystem(db, "stripe sync: apply", async (tx): Promise<SyncOutcome | null> => {
      await lockCustomer(tx, customerId);
      const current = await profileOf(tx, customerId, true);
      if (!current) return { outcome: "unknown_customer" };
      const { profile } = current;
      // An exemption that committed while Stripe was asked wins; what Stripe did is still recorded.
      if (profile.billingExempt) {
        await auditCanceledDuplicates(tx, profile.id, canceledDuplicates);
        return { outcome: "exempt", userId: profile.id };
      }
      if (current.version !== seen.version) return null;

      const from = columnsOf(profile);
      const to = nextMembership(from, chosen ? subscriptionFacts(chosen) : null, now);
      const changed = !same(from, to);
      await tx
        .update(profiles)
        .set(changed ? { ...to, updatedAt: now } : to)
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
        await onStartedPaying(tx, profile.id, now);
      }
      await auditCanceledDuplicates(tx, profile.id, canceledDuplicates);
      return {
        outcome: "synced",
        userId: profile.id,
        changed,
        from,
        to,
        canceledDuplicates: [...canceledDuplicates],
      };
    });
    if (outcome) return outcome;
  }
  throw new Error(
    `Stripe sync of ${customerId}: the account kept changing while Stripe was read (${MAX_ATTEMPTS} tries).`,
  );
}
