// Security review finding "two tabs, two charges": at most one open Checkout Session per account, even
// under concurrent requests for different plans; and a duplicate subscription paid anyway is canceled,
// refunded exactly once, and shown to admins.
import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as checkoutRoute } from "@/app/api/stripe/checkout/route";
import { getDb } from "@/db/client";
import { httpStatusOf } from "@/lib/result";
import { listDuplicateRefundsOperation } from "@/server/operations/billing";
import { createCast, createTestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import {
  APP,
  CARD_OK,
  callRoute,
  membershipOf,
  type StripeHarness,
  sessionIdOf,
  startStripeHarness,
  subscribe,
  subscriptionsOf,
} from "../../../tests/helpers/stripe";
import { listDuplicateRefunds } from "./list-duplicate-refunds";
import { LIVE_STATUSES } from "./pick-subscription";
import { syncStripeCustomer } from "./sync-stripe-customer";

let h: StripeHarness;
let cast: Awaited<ReturnType<typeof createCast>>;
beforeAll(async () => {
  h = await startStripeHarness();
  cast = await createCast();
});
afterAll(async () => {
  await h?.close();
});

type PlanKey = "individual_monthly" | "individual_yearly";
const checkout = (headers: Headers, plan: PlanKey) =>
  callRoute(checkoutRoute, "/api/stripe/checkout", headers, { plan });

const openSessionsOf = async (customer: string) =>
  (await h.stripe.checkout.sessions.list({ customer, status: "open", limit: 100 })).data;

const pay = (sessionId: string) =>
  h.control<{ subscription: Stripe.Subscription; error?: { message: string } }>("pay", {
    sessionId,
    card: CARD_OK,
  });

const refusedAsInactive = {
  status: 400,
  body: { error: expect.objectContaining({ message: expect.stringMatching(/no longer active/) }) },
};

/**
 * A second subscription paid behind the app's back (an old tab, a link kept from an email): a session
 * made directly through the SDK for the same customer, paid on the emulator. The emulator's clock moves
 * a minute first so the duplicate is clearly the younger subscription.
 */
async function payDuplicate(customer: string, userId: string, plan: PlanKey): Promise<Stripe.Subscription> {
  await h.control("clock/advance", { seconds: 60 });
  const session = await h.stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    line_items: [{ price: h.prices[plan]!, quantity: 1 }],
    success_url: `${APP}/settings/billing?checkout={CHECKOUT_SESSION_ID}`,
    metadata: { frontdeskUserId: userId, plan },
    subscription_data: { metadata: { frontdeskUserId: userId, plan } },
  });
  const paid = await pay(session.id);
  expect(paid.status).toBe(200);
  return paid.body.subscription;
}

/** The payment intent that paid a subscription's first invoice, read the way the app reads it. */
async function paymentIntentOf(subscription: Stripe.Subscription): Promise<string> {
  const payments = await h.stripe.invoicePayments.list({ invoice: subscription.latest_invoice as string });
  expect(payments.data).toHaveLength(1);
  const intent = payments.data[0]!.payment.payment_intent;
  expect(intent).toEqual(expect.stringMatching(/^pi_/));
  return intent as string;
}

const refundsOf = async (paymentIntent: string) =>
  (await h.stripe.refunds.list({ payment_intent: paymentIntent, limit: 100 })).data;

const auditRows = (userId: string, action: string) =>
  systemRows<{ details: Record<string, unknown> }>(
    sql`select details from audit_log where subject_id = ${userId} and action = ${action} order by created_at`,
  );

describe("at most one open Checkout Session per account", () => {
  it("10 concurrent checkouts (5 monthly, 5 yearly) leave exactly one open session, and only it can be paid", async () => {
    const user = await createTestUser();
    const plans: PlanKey[] = Array.from({ length: 10 }, (_, i) =>
      i % 2 === 0 ? "individual_monthly" : "individual_yearly",
    );
    const answers = await Promise.all(plans.map((plan) => checkout(user.headers, plan)));

    // Each request either got a session or was told, in a sentence, that another tab took over.
    for (const answer of answers) {
      if (answer.status === 200) continue;
      expect(answer).toEqual({
        status: 409,
        body: { error: { code: "conflict", message: expect.stringContaining("another tab") } },
      });
    }
    const { stripe_customer_id: customer } = await membershipOf(user.id);
    expect((await h.stripe.customers.list({ email: user.email, limit: 100 })).data).toHaveLength(1);

    const open = await openSessionsOf(customer!);
    expect(open).toHaveLength(1);
    const handedOut = [
      ...new Set(answers.filter((a) => a.status === 200).map((a) => sessionIdOf(a.body.url))),
    ];
    // Every URL handed out is the open session, or one that can no longer be paid.
    expect(handedOut).toContain(open[0]!.id);
    for (const id of handedOut.filter((id) => id !== open[0]!.id)) {
      expect((await h.stripe.checkout.sessions.retrieve(id)).status).toBe("expired");
    }

    const paid = await Promise.all(handedOut.map(pay));
    expect(paid.filter((p) => p.status === 200)).toHaveLength(1);
    for (const refused of paid.filter((p) => p.status !== 200))
      expect(refused).toMatchObject(refusedAsInactive);
    await h.settle();
    const subscriptions = await subscriptionsOf(h.stripe, customer!);
    expect(subscriptions).toHaveLength(1);
    expect(await membershipOf(user.id)).toMatchObject({
      membership_status: "active",
      stripe_subscription_id: subscriptions[0]!.id,
    });
  });

  it("a checkout for the other plan expires the first session, which can then not be paid; the same plan again reuses its session", async () => {
    const user = await createTestUser();
    const monthly = await checkout(user.headers, "individual_monthly");
    expect(monthly.status).toBe(200);
    // A repeated click for the same plan gets the same session, not a new one.
    expect((await checkout(user.headers, "individual_monthly")).body.url).toBe(monthly.body.url);
    const { stripe_customer_id: customer } = await membershipOf(user.id);

    const yearly = await checkout(user.headers, "individual_yearly");
    expect(yearly.status).toBe(200);
    const [first, second] = [sessionIdOf(monthly.body.url), sessionIdOf(yearly.body.url)];
    expect(second).not.toBe(first);
    expect((await h.stripe.checkout.sessions.retrieve(first)).status).toBe("expired");
    expect((await openSessionsOf(customer!)).map((s) => s.id)).toEqual([second]);
    expect(await pay(first)).toMatchObject(refusedAsInactive);
    // The old tab's hosted page has no payment form any more.
    const page = await (await fetch(`${h.emulator.url}/checkout/${first}`)).text();
    expect(page).not.toContain('name="card_number"');

    // Back to monthly: a fresh session (the first one is gone for good), and the yearly one is expired.
    const back = await checkout(user.headers, "individual_monthly");
    expect(back.status).toBe(200);
    const third = sessionIdOf(back.body.url);
    expect([first, second]).not.toContain(third);
    expect((await h.stripe.checkout.sessions.retrieve(second)).status).toBe("expired");
    expect((await openSessionsOf(customer!)).map((s) => s.id)).toEqual([third]);
    expect((await checkout(user.headers, "individual_monthly")).body.url).toBe(back.body.url);

    expect((await pay(third)).status).toBe(200);
    await h.settle();
    expect(await subscriptionsOf(h.stripe, customer!)).toHaveLength(1);
    expect((await membershipOf(user.id)).membership_status).toBe("active");
  });
});

describe("a duplicate subscription paid anyway", () => {
  it("is canceled and its payment refunded exactly once, even when the sync runs concurrently and again", async () => {
    const user = await createTestUser();
    const { subscription: kept, customer } = await subscribe(h, user.headers, { plan: "individual_monthly" });
    await h.setDelivery(false);
    try {
      const duplicate = await payDuplicate(customer, user.id, "individual_yearly");
      const db = await getDb();
      const outcomes = await Promise.all([
        syncStripeCustomer(db, h.stripe, customer),
        syncStripeCustomer(db, h.stripe, customer),
      ]);
      expect(outcomes.map((o) => o.outcome)).toEqual(["synced", "synced"]);
      await syncStripeCustomer(db, h.stripe, customer);

      const subscriptions = await subscriptionsOf(h.stripe, customer);
      expect(subscriptions.filter((s) => LIVE_STATUSES.has(s.status)).map((s) => s.id)).toEqual([kept.id]);
      expect(subscriptions.find((s) => s.id === duplicate.id)?.status).toBe("canceled");
      expect(await membershipOf(user.id)).toMatchObject({
        membership_status: "active",
        stripe_subscription_id: kept.id,
      });

      const refunds = await refundsOf(await paymentIntentOf(duplicate));
      expect(refunds).toHaveLength(1);
      expect(refunds[0]).toMatchObject({ amount: 29000, currency: "usd", status: "succeeded" });
      // The subscription the member keeps is not refunded.
      expect(await refundsOf(await paymentIntentOf(kept))).toEqual([]);

      expect(await auditRows(user.id, "billing.duplicate_subscription_canceled")).toEqual([
        { details: { subscription: duplicate.id } },
      ]);
      expect(await auditRows(user.id, "billing.duplicate_refunded")).toEqual([
        {
          details: expect.objectContaining({
            subscription: duplicate.id,
            amount: 29000,
            currency: "usd",
            refunds: [expect.objectContaining({ id: refunds[0]!.id, amount: 29000 })],
          }),
        },
      ]);
    } finally {
      await h.setDelivery(true);
    }
  });

  it("is still refunded by the next sync when the one that canceled it could not refund", async () => {
    const user = await createTestUser();
    const { customer } = await subscribe(h, user.headers, { plan: "individual_monthly" });
    await h.setDelivery(false);
    try {
      const duplicate = await payDuplicate(customer, user.id, "individual_monthly");
      const db = await getDb();
      await h.control("fail-next", { status: 500, path: "/v1/refunds", method: "POST" });
      await expect(syncStripeCustomer(db, h.stripe, customer)).rejects.toThrow();
      expect((await h.stripe.subscriptions.retrieve(duplicate.id)).status).toBe("canceled");
      const intent = await paymentIntentOf(duplicate);
      expect(await refundsOf(intent)).toEqual([]);

      expect(await syncStripeCustomer(db, h.stripe, customer)).toMatchObject({
        outcome: "synced",
        refundedDuplicates: [duplicate.id],
      });
      expect((await refundsOf(intent)).map((r) => r.amount)).toEqual([2900]);
      expect(await auditRows(user.id, "billing.duplicate_subscription_canceled")).toHaveLength(1);
      expect(await auditRows(user.id, "billing.duplicate_refunded")).toHaveLength(1);
      // Once recorded, later syncs leave it alone.
      expect(await syncStripeCustomer(db, h.stripe, customer)).toMatchObject({ refundedDuplicates: [] });
      expect(await refundsOf(intent)).toHaveLength(1);
    } finally {
      await h.setDelivery(true);
    }
  });

  it("is refunded once when the webhooks drive the syncs, and the admin sees it; members and sales are refused", async () => {
    const user = await createTestUser();
    const { customer } = await subscribe(h, user.headers, { plan: "individual_yearly" });
    const duplicate = await payDuplicate(customer, user.id, "individual_monthly");
    await h.settle();

    const refunds = await refundsOf(await paymentIntentOf(duplicate));
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.amount).toBe(2900);
    expect(await auditRows(user.id, "billing.duplicate_refunded")).toHaveLength(1);

    const seen = await listDuplicateRefundsOperation.forActor(cast.admin.actor);
    if (!seen.ok) throw new Error(seen.message);
    expect(seen.rows.filter((r) => r.userId === user.id)).toEqual([
      {
        id: expect.any(String),
        at: expect.any(Date),
        userId: user.id,
        email: user.email,
        name: user.name,
        subscriptionId: duplicate.id,
        amount: 2900,
        currency: "usd",
        refundIds: [refunds[0]!.id],
      },
    ]);

    for (const person of [cast.member, cast.sales, user]) {
      const refused = await listDuplicateRefundsOperation.forActor(person.actor);
      expect(refused).toEqual({ ok: false, code: "forbidden", message: expect.any(String) });
      expect(httpStatusOf[(refused as { code: keyof typeof httpStatusOf }).code]).toBe(403);
      // The feature refuses on its own too, whoever calls it.
      expect(await listDuplicateRefunds(await getDb(), person.actor)).toMatchObject({
        ok: false,
        code: "forbidden",
      });
    }
  });
});
