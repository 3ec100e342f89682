import { and, eq, inArray, sql } from "drizzle-orm";
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
      refundedDuplicates: string[];
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

/** Marks, in Stripe, a subscription the sync canceled as a duplicate, so a later sync still refunds it. */
const DUPLICATE_COMMENT = "frontdesk: duplicate subscription";

/** What the audit log already says about the account's duplicates, read before Stripe is asked. */
type DuplicateRecords = { canceled: Set<string>; refunded: Set<string> };

async function duplicateRecordsOf(tx: Tx, userId: string): Promise<DuplicateRecords> {
  const rows = await tx
    .select({ action: auditLog.action, subscription: sql<string>`${auditLog.details}->>'subscription'` })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.subjectId, userId),
        inArray(auditLog.action, ["billing.duplicate_subscription_canceled", "billing.duplicate_refunded"]),
      ),
    );
  const of = (action: string) =>
    new Set(rows.filter((r) => r.action === action && r.subscription).map((r) => r.subscription));
  return {
    canceled: of("billing.duplicate_subscription_canceled"),
    refunded: of("billing.duplicate_refunded"),
  };
}

type DuplicateRefund = {
  subscription: string;
  refunds: { id: string; paymentIntent: string; invoice: string; amount: number; currency: string }[];
};

async function cancelDuplicate(stripe: Stripe, id: string): Promise<void> {
  try {
    await stripe.subscriptions.cancel(id, { cancellation_details: { comment: DUPLICATE_COMMENT } });
  } catch (error) {
    // Stripe takes no idempotency key on this DELETE, and answers a second cancel with "no such
    // subscription": a concurrent sync canceled it first. Canceled is what was wanted.
    if ((error as { type?: string }).type !== "StripeInvalidRequestError") throw error;
    if ((await stripe.subscriptions.retrieve(id)).status !== "canceled") throw error;
  }
}

/**
 * Gives back every payment of a canceled duplicate. A payment that already has a refund (from an
 * earlier sync, or one made by hand in Stripe) is recorded as it is, not refunded again; two syncs at
 * once send the same idempotency key, so Stripe makes one refund for both.
 */
async function refundDuplicate(stripe: Stripe, subscription: string): Promise<DuplicateRefund> {
  const refunds: DuplicateRefund["refunds"] = [];
  const invoices = await stripe.invoices.list({ subscription, status: "paid", limit: 100 });
  for (const invoice of invoices.data) {
    const payments = await stripe.invoicePayments.list({ invoice: invoice.id, status: "paid", limit: 100 });
    for (const { payment } of payments.data) {
      const intent =
        typeof payment.payment_intent === "string" ? payment.payment_intent : payment.payment_intent?.id;
      // Paid outside a payment intent (recorded by hand): nothing Stripe can give back here.
      if (!intent) continue;
      const existing = (await stripe.refunds.list({ payment_intent: intent, limit: 100 })).data.filter(
        (r) => r.status !== "failed" && r.status !== "canceled",
      );
      const given =
        existing.length > 0
          ? existing
          : [
              await stripe.refunds.create(
                {
                  payment_intent: intent,
                  reason: "duplicate",
                  metadata: { frontdeskSubscription: subscription },
                },
                { idempotencyKey: `frontdesk-refund-duplicate-${intent}` },
              ),
            ];
      for (const r of given) {
        refunds.push({
          id: r.id,
          paymentIntent: intent,
          invoice: invoice.id,
          amount: r.amount,
          currency: r.currency,
        });
      }
    }
  }
  return { subscription, refunds };
}

/**
 * What Stripe holds for the customer now, after canceling any second live subscription and refunding
 * every canceled duplicate the audit log does not yet show as refunded.
 */
async function readStripe(stripe: Stripe, customerId: string, known: DuplicateRecords) {
  const listed = await stripe.subscriptions.list({ customer: customerId, status: "all", limit: 100 });
  // A double click or a second tab may have paid twice: keep the oldest live subscription, cancel the rest.
  const live = listed.data.filter((s) => LIVE_STATUSES.has(s.status)).sort((a, b) => a.created - b.created);
  const canceled: string[] = [];
  for (const extra of live.slice(1)) {
    await cancelDuplicate(stripe, extra.id);
    canceled.push(extra.id);
  }
  // Canceled now, or by an earlier sync that failed before its refund or its commit (the mark in
  // Stripe), or before refunds existed (the audit log): each is refunded until the refund is recorded.
  const duplicates = new Set([
    ...canceled,
    ...listed.data
      .filter((s) => s.status === "canceled" && s.cancellation_details?.comment === DUPLICATE_COMMENT)
      .map((s) => s.id),
    ...known.canceled,
  ]);
  const refunded: DuplicateRefund[] = [];
  for (const id of duplicates) {
    if (!known.refunded.has(id)) refunded.push(await refundDuplicate(stripe, id));
  }
  const chosen = pickSubscription(listed.data.filter((s) => !canceled.includes(s.id)));
  return { chosen, duplicates, refunded };
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

/** One entry per refunded duplicate, written once however many syncs did (or found) the refund. */
async function auditRefundedDuplicates(tx: Tx, userId: string, refunded: Iterable<DuplicateRefund>) {
  for (const { subscription, refunds } of refunded) {
    const [already] = await tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, "billing.duplicate_refunded"),
          eq(auditLog.subjectId, userId),
          sql`${auditLog.details}->>'subscription' = ${subscription}`,
        ),
      )
      .limit(1);
    if (already) continue;
    await writeSystemAudit(tx, null, {
      action: "billing.duplicate_refunded",
      subjectType: "user",
      subjectId: userId,
      details: {
        subscription,
        amount: refunds.reduce((sum, r) => sum + r.amount, 0),
        currency: refunds[0]?.currency ?? null,
        refunds,
      },
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
  const refundedDuplicates = new Map<string, DuplicateRefund>();
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const seen = await asSystem(db, "stripe sync: read", async (tx) => {
      const row = await profileOf(tx, customerId);
      return row && { ...row, duplicates: await duplicateRecordsOf(tx, row.profile.id) };
    });
    if (!seen) return { outcome: "unknown_customer" };
    if (seen.profile.billingExempt) return { outcome: "exempt", userId: seen.profile.id };

    const { chosen, duplicates, refunded } = await readStripe(stripe, customerId, seen.duplicates);
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
        await auditCanceledDuplicates(tx, profile.id, canceledDuplicates);
        await auditRefundedDuplicates(tx, profile.id, refundedDuplicates.values());
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
      await auditRefundedDuplicates(tx, profile.id, refundedDuplicates.values());
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
