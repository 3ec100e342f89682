import { and, eq, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { auditLog } from "@/db/schema";
import type { Tx } from "@/db/types";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { LIVE_STATUSES, pickSubscription } from "./pick-subscription";

// What the convergent sync reads of a customer in Stripe, and how it records the duplicates it cancels
// and refunds. Shared by an account's sync and a team's (the customer is one or the other), so both keep
// one live subscription by the same rules and leave the same trail.

/** Whose billing a sync applies to: an account (audit subject `user`) or a team (`team`). */
export type BillingSubject = {
  type: "user" | "team";
  id: string;
  /** Added to every entry about this subject (a team's entries name the team). */
  details?: Record<string, unknown>;
};

/** Marks, in Stripe, a subscription the sync canceled as a duplicate, so a later sync still refunds it. */
const DUPLICATE_COMMENT = "frontdesk: duplicate subscription";

/** What the audit log already says about the subject's duplicates, read before Stripe is asked. */
export type DuplicateRecords = { canceled: Set<string>; refunded: Set<string> };

export async function duplicateRecordsOf(tx: Tx, subject: BillingSubject): Promise<DuplicateRecords> {
  const rows = await tx
    .select({ action: auditLog.action, subscription: sql<string>`${auditLog.details}->>'subscription'` })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.subjectType, subject.type),
        eq(auditLog.subjectId, subject.id),
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

export type DuplicateRefund = {
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
export async function readCustomerSubscriptions(stripe: Stripe, customerId: string, known: DuplicateRecords) {
  const listed = await stripe.subscriptions.list({ customer: customerId, status: "all", limit: 100 });
  // A double click or a second tab may have paid twice: keep the oldest live subscription, cancel the rest.
  // Stripe lists newest first and `created` counts seconds, so two made in one second keep the list's
  // order, reversed, rather than whichever the sort leaves first.
  const live = [...listed.data]
    .reverse()
    .filter((s) => LIVE_STATUSES.has(s.status))
    .sort((a, b) => a.created - b.created);
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

async function alreadyRecorded(tx: Tx, action: string, subject: BillingSubject, subscription: string) {
  const [found] = await tx
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, action),
        eq(auditLog.subjectType, subject.type),
        eq(auditLog.subjectId, subject.id),
        sql`${auditLog.details}->>'subscription' = ${subscription}`,
      ),
    )
    .limit(1);
  return found !== undefined;
}

/**
 * Two syncs that both canceled a duplicate (the cancel is idempotent, so both "succeed") record it once;
 * the customer lock held by the caller makes the check-then-insert safe.
 */
export async function auditCanceledDuplicates(
  tx: Tx,
  subject: BillingSubject,
  ids: Iterable<string>,
): Promise<void> {
  for (const id of ids) {
    if (await alreadyRecorded(tx, "billing.duplicate_subscription_canceled", subject, id)) continue;
    await writeSystemAudit(tx, null, {
      action: "billing.duplicate_subscription_canceled",
      subjectType: subject.type,
      subjectId: subject.id,
      details: { ...subject.details, subscription: id },
    });
  }
}

/** One entry per refunded duplicate, written once however many syncs did (or found) the refund. */
export async function auditRefundedDuplicates(
  tx: Tx,
  subject: BillingSubject,
  refunded: Iterable<DuplicateRefund>,
): Promise<void> {
  for (const { subscription, refunds } of refunded) {
    if (await alreadyRecorded(tx, "billing.duplicate_refunded", subject, subscription)) continue;
    await writeSystemAudit(tx, null, {
      action: "billing.duplicate_refunded",
      subjectType: subject.type,
      subjectId: subject.id,
      details: {
        ...subject.details,
        subscription,
        amount: refunds.reduce((sum, r) => sum + r.amount, 0),
        currency: refunds[0]?.currency ?? null,
        refunds,
      },
    });
  }
}
