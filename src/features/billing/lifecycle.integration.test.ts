import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cancelRoute } from "@/app/api/stripe/cancel/route";
import { POST as checkoutRoute } from "@/app/api/stripe/checkout/route";
import { POST as resumeRoute } from "@/app/api/stripe/resume/route";
import { getDb } from "@/db/client";
import { createTestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import {
  CARD_FAILS_LATER,
  callRoute,
  expectedStatus,
  membershipOf,
  type StripeHarness,
  sessionIdOf,
  startStripeHarness,
  subscribe,
  subscriptionsOf,
} from "../../../tests/helpers/stripe";
import { completeCheckoutReturn } from "./complete-checkout-return";
import { expireMemberships } from "./expire-memberships";
import { GRACE_DAYS } from "./membership-state";

let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

const DAY = 86_400_000;
const periodEndOf = (sub: Stripe.Subscription) => new Date(sub.items.data[0]!.current_period_end * 1000);
const liveSubscription = async (customer: string) => (await subscriptionsOf(h.stripe, customer))[0]!;

describe("the membership state machine, end to end through the emulator", () => {
  it("trial → active: checkout paid with 4242 links the subscription and its renewal date", async () => {
    const user = await createTestUser();
    expect((await membershipOf(user.id)).membership_status).toBe("trial");
    const { subscription, customer } = await subscribe(h, user.headers);
    expect(subscription.status).toBe("active");
    expect(await membershipOf(user.id)).toMatchObject({
      membership_status: "active",
      stripe_customer_id: customer,
      stripe_subscription_id: subscription.id,
      stripe_price_id: h.prices.individual_monthly,
      billing_period_end: periodEndOf(subscription),
      grace_ends_at: null,
      cancel_at_period_end: false,
    });
    const audit = await systemRows<{ details: { from: string; to: string } }>(
      sql`select details from audit_log where subject_id = ${user.id} and action = 'membership.changed'`,
    );
    expect(audit.map((a) => a.details)).toMatchObject([{ from: "trial", to: "active" }]);
  });

  it("the return from checkout syncs at once, before any webhook, and only for the member's own session", async () => {
    const db = await getDb();
    const user = await createTestUser();
    const other = await createTestUser();
    await h.setDelivery(false);
    try {
      const started = await callRoute(checkoutRoute, "/api/stripe/checkout", user.headers, {
        plan: "individual_monthly",
      });
      const sessionId = sessionIdOf(started.body.url);
      expect((await h.control("pay", { sessionId })).status).toBe(200);
      expect((await membershipOf(user.id)).membership_status).toBe("trial");
      // Someone else's session id, or something that is not one, changes nothing.
      await callRoute(checkoutRoute, "/api/stripe/checkout", other.headers, { plan: "individual_monthly" });
      expect(await completeCheckoutReturn(db, h.stripe, other.actor, sessionId)).toBe(false);
      expect(await completeCheckoutReturn(db, h.stripe, user.actor, "cs_x'; drop table profiles")).toBe(
        false,
      );
      expect((await membershipOf(other.id)).membership_status).toBe("trial");
      expect(await completeCheckoutReturn(db, h.stripe, user.actor, sessionId)).toBe(true);
      expect((await membershipOf(user.id)).membership_status).toBe("active");
    } finally {
      await h.setDelivery(true);
    }
  });

  it("a renewal with 4242 keeps the account active and moves the renewal date", async () => {
    const user = await createTestUser();
    const { subscription, customer } = await subscribe(h, user.headers, { plan: "individual_monthly" });
    await h.advanceDays(32);
    const renewed = await liveSubscription(customer);
    expect(periodEndOf(renewed) > periodEndOf(subscription)).toBe(true);
    expect(await membershipOf(user.id)).toMatchObject({
      membership_status: "active",
      billing_period_end: periodEndOf(renewed),
    });
  });

  it("active → past_due when the renewal fails (…0341), with 7 days of grace; past_due → active when the invoice is paid", async () => {
    const user = await createTestUser();
    const { customer } = await subscribe(h, user.headers, { card: CARD_FAILS_LATER });
    expect((await membershipOf(user.id)).membership_status).toBe("active");

    const before = Date.now();
    const events = await h.advanceDays(32);
    const after = Date.now();
    expect(events.map((e) => e.type)).toContain("invoice.payment_failed");
    expect((await liveSubscription(customer)).status).toBe("past_due");
    const pastDue = await membershipOf(user.id);
    expect(pastDue.membership_status).toBe("past_due");
    // Grace runs on the app's clock from the first failure (the emulator's clock is only Stripe's).
    expect(pastDue.grace_ends_at!.getTime()).toBeGreaterThanOrEqual(before + GRACE_DAYS * DAY - 1000);
    expect(pastDue.grace_ends_at!.getTime()).toBeLessThanOrEqual(after + GRACE_DAYS * DAY + 1000);

    // Another day passes in Stripe and the subscription is synced again: the grace is not extended.
    await h.advanceDays(1);
    await h.stripe.subscriptions.update((await liveSubscription(customer)).id, {
      metadata: { touched: "yes" },
    });
    await h.settle();
    expect((await membershipOf(user.id)).grace_ends_at).toEqual(pastDue.grace_ends_at);

    const open = (await h.stripe.invoices.list({ customer, status: "open" })).data[0]!;
    const paid = await h.control("pay-invoice", { invoiceId: open.id });
    expect(paid.status).toBe(200);
    await h.settle();
    expect(await membershipOf(user.id)).toMatchObject({ membership_status: "active", grace_ends_at: null });
  });

  it("past_due → inactive when Stripe's dunning cancels the subscription", async () => {
    const user = await createTestUser();
    const { customer } = await subscribe(h, user.headers, { card: CARD_FAILS_LATER });
    await h.advanceDays(32);
    expect((await membershipOf(user.id)).membership_status).toBe("past_due");
    await h.advanceDays(15);
    expect((await subscriptionsOf(h.stripe, customer))[0]!.status).toBe("canceled");
    expect(await membershipOf(user.id)).toMatchObject({ membership_status: "inactive", grace_ends_at: null });
  });

  it("cancel at period end keeps access until the period ends, resume undoes it, and the end makes it inactive", async () => {
    const user = await createTestUser();
    const { subscription, customer } = await subscribe(h, user.headers);

    const canceled = await callRoute(cancelRoute, "/api/stripe/cancel", user.headers);
    expect(canceled).toEqual({
      status: 200,
      body: { ok: true, cancelAtPeriodEnd: true, membershipStatus: "active" },
    });
    expect((await liveSubscription(customer)).cancel_at_period_end).toBe(true);
    expect(await membershipOf(user.id)).toMatchObject({
      membership_status: "active",
      cancel_at_period_end: true,
    });

    const resumed = await callRoute(resumeRoute, "/api/stripe/resume", user.headers);
    expect(resumed).toEqual({
      status: 200,
      body: { ok: true, cancelAtPeriodEnd: false, membershipStatus: "active" },
    });
    expect((await liveSubscription(customer)).cancel_at_period_end).toBe(false);

    expect((await callRoute(cancelRoute, "/api/stripe/cancel", user.headers)).status).toBe(200);
    await h.settle();
    const daysLeft = Math.ceil(
      (periodEndOf(subscription).getTime() - (await h.control<{ now: number }>("clock")).body.now * 1000) /
        DAY,
    );
    await h.advanceDays(daysLeft + 1);
    const ended = await liveSubscription(customer);
    expect(ended.status).toBe("canceled");
    expect(await membershipOf(user.id)).toMatchObject({
      membership_status: "inactive",
      cancel_at_period_end: false,
      stripe_subscription_id: ended.id,
    });
    expect(await expectedStatus(h.stripe, customer)).toBe("inactive");
  });
});

describe("the scheduled job: trial and grace expiry", () => {
  // The job takes its clock as an argument; an hour from now is past the ends set below and before
  // every other account's trial in this file.
  const jobNow = () => new Date(Date.now() + 3_600_000);
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);

  it("trial → inactive when the trial ended without a subscription; a running trial is left alone", async () => {
    const db = await getDb();
    const ended = await createTestUser({ trialEndsAt: ago(5) });
    const running = await createTestUser({ trialEndsAt: new Date(Date.now() + 3 * DAY) });
    const result = await expireMemberships(db, jobNow());
    expect(result.trials).toContain(ended.id);
    expect(result.trials).not.toContain(running.id);
    expect((await membershipOf(ended.id)).membership_status).toBe("inactive");
    expect((await membershipOf(running.id)).membership_status).toBe("trial");
    const audit = await systemRows<{ action: string }>(
      sql`select action from audit_log where subject_id = ${ended.id}`,
    );
    expect(audit).toEqual([{ action: "membership.trial_expired" }]);
    // A second run finds nothing more to do for this account.
    expect((await expireMemberships(db, jobNow())).trials).not.toContain(ended.id);
  });

  it("past_due → inactive when the grace period is over; within grace it stays past_due", async () => {
    const db = await getDb();
    const over = await createTestUser({ membershipStatus: "past_due", graceEndsAt: ago(1) });
    const within = await createTestUser({
      membershipStatus: "past_due",
      graceEndsAt: new Date(Date.now() + 2 * DAY),
    });
    const result = await expireMemberships(db, jobNow());
    expect(result.graces).toContain(over.id);
    expect(result.graces).not.toContain(within.id);
    expect(await membershipOf(over.id)).toMatchObject({ membership_status: "inactive", grace_ends_at: null });
    expect((await membershipOf(within.id)).membership_status).toBe("past_due");
    const audit = await systemRows<{ action: string }>(
      sql`select action from audit_log where subject_id = ${over.id}`,
    );
    expect(audit).toEqual([{ action: "membership.grace_expired" }]);
  });

  it("a real failed renewal's grace ends by the job once its (injected) time has come", async () => {
    const db = await getDb();
    const user = await createTestUser();
    await subscribe(h, user.headers, { card: CARD_FAILS_LATER });
    await h.advanceDays(32);
    const { grace_ends_at } = await membershipOf(user.id);
    expect((await expireMemberships(db, new Date(grace_ends_at!.getTime() - 60_000))).graces).not.toContain(
      user.id,
    );
    expect((await expireMemberships(db, new Date(grace_ends_at!.getTime() + 1))).graces).toContain(user.id);
    expect((await membershipOf(user.id)).membership_status).toBe("inactive");
  });

  it("never touches billing-exempt accounts", async () => {
    const db = await getDb();
    const trial = await createTestUser({ billingExempt: true, trialEndsAt: ago(10) });
    const pastDue = await createTestUser({
      billingExempt: true,
      membershipStatus: "past_due",
      graceEndsAt: ago(10),
    });
    const result = await expireMemberships(db, jobNow());
    expect([...result.trials, ...result.graces]).not.toContain(trial.id);
    expect([...result.trials, ...result.graces]).not.toContain(pastDue.id);
    expect((await membershipOf(trial.id)).membership_status).toBe("trial");
    expect((await membershipOf(pastDue.id)).membership_status).toBe("past_due");
  });

  it("two runners at once do each account exactly once", async () => {
    const db = await getDb();
    const trials = await Promise.all(
      Array.from({ length: 12 }, (_, i) => createTestUser({ trialEndsAt: ago(30 + i) })),
    );
    const graces = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        createTestUser({ membershipStatus: "past_due", graceEndsAt: ago(30 + i) }),
      ),
    );
    const now = jobNow();
    const [a, b] = await Promise.all([expireMemberships(db, now), expireMemberships(db, now)]);
    const done = [...a.trials, ...a.graces, ...b.trials, ...b.graces];
    for (const user of [...trials, ...graces]) {
      expect(
        done.filter((id) => id === user.id),
        user.email,
      ).toHaveLength(1);
      expect((await membershipOf(user.id)).membership_status).toBe("inactive");
    }
    expect(new Set(done).size).toBe(done.length);
    const ids = [...trials, ...graces].map((u) => u.id);
    const audit = await systemRows<{ subject_id: string; n: number }>(
      sql`select subject_id, count(*)::int as n from audit_log
          where action in ('membership.trial_expired', 'membership.grace_expired') group by subject_id`,
    );
    const mine = audit.filter((r) => ids.includes(r.subject_id));
    expect(mine).toHaveLength(ids.length);
    expect(mine.every((r) => r.n === 1)).toBe(true);
  });
});
