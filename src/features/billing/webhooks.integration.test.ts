import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { getDb } from "@/db/client";
import { asSystem } from "@/db/rls";
import { profiles } from "@/db/schema";
import { createTestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import {
  deliver,
  eventsOf,
  expectedStatus,
  membershipOf,
  type StripeHarness,
  signedWebhook,
  startStripeHarness,
  stripeEventRows,
  subscribe,
  subscriptionsOf,
  TEST_WEBHOOK_SECRET,
} from "../../../tests/helpers/stripe";

let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

const auditCount = async (userId: string, action = "membership.changed") =>
  (
    await systemRows<{ n: number }>(
      sql`select count(*)::int as n from audit_log where subject_id = ${userId} and action = ${action}`,
    )
  )[0]!.n;

/** A paying member whose later Stripe changes are recorded by the emulator but not delivered. */
async function payingMemberWithoutDelivery() {
  const user = await createTestUser({ membershipStatus: "trial" });
  const paid = await subscribe(h, user.headers);
  await h.setDelivery(false);
  return { user, ...paid };
}

describe("webhook signature", () => {
  it("refuses a bad, missing, stale or wrongly keyed signature with 400, and changes nothing", async () => {
    const { user, subscription, customer } = await payingMemberWithoutDelivery();
    try {
      expect((await membershipOf(user.id)).membership_status).toBe("active");
      // Stripe ends the subscription; the app only hears of it through the (forged) events below.
      await h.stripe.subscriptions.cancel(subscription.id);
      const [deleted] = await eventsOf(h.stripe, customer, "customer.subscription.deleted");
      const payload = JSON.stringify(deleted);
      const before = await membershipOf(user.id);

      const attempts: [string, Request][] = [
        ["bad", signedWebhook(h.stripe, payload, { signature: "t=1700000000,v1=deadbeef" })],
        ["garbage", signedWebhook(h.stripe, payload, { signature: "not a signature" })],
        ["missing", signedWebhook(h.stripe, payload, { signature: null })],
        ["stale", signedWebhook(h.stripe, payload, { timestamp: Math.floor(Date.now() / 1000) - 3600 })],
        ["wrong secret", signedWebhook(h.stripe, payload, { secret: "whsec_someone_else" })],
        [
          "tampered body",
          signedWebhook(h.stripe, payload.replace('"canceled"', '"active"'), {
            signature: h.stripe.webhooks.generateTestHeaderString({ payload, secret: TEST_WEBHOOK_SECRET }),
          }),
        ],
      ];
      for (const [name, request] of attempts) {
        const response = await POST(request);
        expect(response.status, name).toBe(400);
        expect(await response.json(), name).toEqual({
          error: { code: "invalid_signature", message: expect.any(String) },
        });
      }
      expect(await stripeEventRows([deleted!.id])).toEqual([]);
      expect(await membershipOf(user.id)).toEqual(before);

      // The same event, properly signed, is what changes the account.
      expect(await deliver(h.stripe, deleted!)).toEqual({ status: 200, body: { received: true } });
      expect((await membershipOf(user.id)).membership_status).toBe("inactive");
    } finally {
      await h.setDelivery(true);
    }
  });
});

describe("webhook delivery", () => {
  it("the same event delivered twice changes the account once; the second answer is 200 duplicate", async () => {
    const { user, subscription, customer } = await payingMemberWithoutDelivery();
    try {
      await h.stripe.subscriptions.cancel(subscription.id);
      const [deleted] = await eventsOf(h.stripe, customer, "customer.subscription.deleted");
      const audits = await auditCount(user.id);
      const first = await deliver(h.stripe, deleted!);
      const second = await deliver(h.stripe, deleted!);
      expect(first).toEqual({ status: 200, body: { received: true } });
      expect(second).toEqual({ status: 200, body: { received: true, duplicate: true } });
      expect(await stripeEventRows([deleted!.id])).toEqual([
        {
          id: deleted!.id,
          type: "customer.subscription.deleted",
          status: "processed",
          attempts: 1,
          error: null,
        },
      ]);
      expect((await membershipOf(user.id)).membership_status).toBe("inactive");
      expect(await auditCount(user.id)).toBe(audits + 1);
    } finally {
      await h.setDelivery(true);
    }
  });

  it("concurrent deliveries of one event are processed once", async () => {
    const { user, subscription, customer } = await payingMemberWithoutDelivery();
    try {
      await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
      const [updated] = await eventsOf(h.stripe, customer, "customer.subscription.updated");
      const answers = await Promise.all([1, 2, 3].map(() => deliver(h.stripe, updated!)));
      expect(answers.filter((a) => a.body.duplicate)).toHaveLength(2);
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(await stripeEventRows([updated!.id])).toHaveLength(1);
      expect(await membershipOf(user.id)).toMatchObject({
        membership_status: "active",
        cancel_at_period_end: true,
      });
    } finally {
      await h.setDelivery(true);
    }
  });

  it("an old subscription.updated arriving after subscription.deleted cannot bring the account back", async () => {
    const { user, subscription, customer } = await payingMemberWithoutDelivery();
    try {
      await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
      await h.stripe.subscriptions.cancel(subscription.id);
      const [updated] = await eventsOf(h.stripe, customer, "customer.subscription.updated");
      const [deleted] = await eventsOf(h.stripe, customer, "customer.subscription.deleted");
      // The stale event still says "active"; the sync re-reads Stripe instead of trusting it.
      expect((updated!.data.object as { status: string }).status).toBe("active");

      expect((await deliver(h.stripe, deleted!)).status).toBe(200);
      expect((await membershipOf(user.id)).membership_status).toBe("inactive");
      expect((await deliver(h.stripe, updated!)).status).toBe(200);
      const after = await membershipOf(user.id);
      expect(after).toMatchObject({ membership_status: "inactive", cancel_at_period_end: false });
      expect(await expectedStatus(h.stripe, customer)).toBe("inactive");
    } finally {
      await h.setDelivery(true);
    }
  });

  it("subscription.updated arriving before subscription.created ends in Stripe's current state", async () => {
    const user = await createTestUser();
    await h.setDelivery(false);
    try {
      const { subscription, customer } = await subscribe(h, user.headers);
      await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
      const events = await eventsOf(h.stripe, customer);
      const created = events.find((e) => e.type === "customer.subscription.created")!;
      const updated = events.find((e) => e.type === "customer.subscription.updated")!;
      expect((await membershipOf(user.id)).membership_status).toBe("trial");

      expect((await deliver(h.stripe, updated)).status).toBe(200);
      const afterUpdated = await membershipOf(user.id);
      expect((await deliver(h.stripe, created)).status).toBe(200);
      const afterCreated = await membershipOf(user.id);
      expect(afterCreated).toEqual(afterUpdated);

      const [now] = await subscriptionsOf(h.stripe, customer);
      expect(afterCreated).toMatchObject({
        membership_status: "active",
        stripe_subscription_id: now!.id,
        cancel_at_period_end: true,
        billing_period_end: new Date(now!.items.data[0]!.current_period_end * 1000),
      });
      // Everything else the emulator sent in between, in reverse order, changes nothing more.
      for (const event of [...events].reverse()) await deliver(h.stripe, event);
      expect(await membershipOf(user.id)).toEqual(afterCreated);
    } finally {
      await h.setDelivery(true);
    }
  });

  it("records unhandled event types as ignored, once", async () => {
    const user = await createTestUser();
    const { customer } = await subscribe(h, user.headers);
    const [customerCreated] = await eventsOf(h.stripe, customer, "customer.created");
    // Delivered by the emulator already; a redelivery is a duplicate.
    expect(await stripeEventRows([customerCreated!.id])).toEqual([
      { id: customerCreated!.id, type: "customer.created", status: "ignored", attempts: 1, error: null },
    ]);
    expect(await deliver(h.stripe, customerCreated!)).toEqual({
      status: 200,
      body: { received: true, duplicate: true },
    });

    const invented = { ...customerCreated!, id: "evt_frontdesk_unknown_type", type: "charge.refunded" };
    expect(await deliver(h.stripe, invented)).toEqual({
      status: 200,
      body: { received: true, ignored: true },
    });
    expect(await stripeEventRows(["evt_frontdesk_unknown_type"])).toMatchObject([{ status: "ignored" }]);
  });

  it("a failure during the sync answers 500 and marks the event failed; the redelivery processes it", async () => {
    const { user, subscription, customer } = await payingMemberWithoutDelivery();
    try {
      await h.stripe.subscriptions.cancel(subscription.id);
      const [deleted] = await eventsOf(h.stripe, customer, "customer.subscription.deleted");
      await h.control("fail-next", { status: 500, path: "/v1/subscriptions", method: "GET" });
      const failed = await deliver(h.stripe, deleted!);
      expect(failed).toEqual({
        status: 500,
        body: { error: { code: "processing_failed", message: expect.any(String) } },
      });
      expect(await stripeEventRows([deleted!.id])).toMatchObject([
        { status: "failed", attempts: 1, error: expect.any(String) },
      ]);
      expect((await membershipOf(user.id)).membership_status).toBe("active");

      expect(await deliver(h.stripe, deleted!)).toEqual({ status: 200, body: { received: true } });
      expect(await stripeEventRows([deleted!.id])).toEqual([
        {
          id: deleted!.id,
          type: "customer.subscription.deleted",
          status: "processed",
          attempts: 2,
          error: null,
        },
      ]);
      expect((await membershipOf(user.id)).membership_status).toBe("inactive");
      // Processed now: a third delivery is a duplicate.
      expect((await deliver(h.stripe, deleted!)).body).toEqual({ received: true, duplicate: true });
    } finally {
      await h.setDelivery(true);
    }
  });

  it("the emulator's own retry after a 500 is what processes the event", async () => {
    const user = await createTestUser();
    const { subscription, customer } = await subscribe(h, user.headers);
    // The next sync's read of Stripe fails once: the first delivery answers 500, the retry succeeds.
    await h.control("fail-next", { status: 500, path: "/v1/subscriptions", method: "GET" });
    await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await h.settle();
    const [updated] = await eventsOf(h.stripe, customer, "customer.subscription.updated");
    const attempts = h.emulator.deliveries().find((d) => d.event_id === updated!.id)!.attempts;
    expect(attempts.map((a) => a.status_code)).toEqual([500, 200]);
    expect(await stripeEventRows([updated!.id])).toMatchObject([{ status: "processed", attempts: 2 }]);
    expect(await membershipOf(user.id)).toMatchObject({
      membership_status: "active",
      cancel_at_period_end: true,
    });
  });

  it("an event about a customer the app does not know is processed and changes nothing", async () => {
    const stranger = await h.stripe.customers.create({ email: "stranger@example.test" });
    const [created] = await eventsOf(h.stripe, stranger.id, "customer.created");
    const invented = {
      ...created!,
      id: "evt_frontdesk_stranger",
      type: "invoice.paid",
      data: { object: { id: "in_x", object: "invoice", customer: stranger.id } },
    };
    expect(await deliver(h.stripe, invented)).toEqual({ status: 200, body: { received: true } });
    expect(await stripeEventRows(["evt_frontdesk_stranger"])).toMatchObject([{ status: "processed" }]);
  });

  it("never changes a billing-exempt account", async () => {
    const { user, subscription, customer } = await payingMemberWithoutDelivery();
    try {
      const db = await getDb();
      // Exempt while still linked (as if comped without a Stripe call), so the webhook has something to touch.
      await asSystem(db, "test: exempt", (tx) =>
        tx
          .update(profiles)
          .set({ billingExempt: true, billingExemptReason: "Partner" })
          .where(eq(profiles.id, user.id)),
      );
      const before = await membershipOf(user.id);
      await h.stripe.subscriptions.cancel(subscription.id);
      for (const event of await eventsOf(h.stripe, customer)) {
        expect((await deliver(h.stripe, event)).status).toBe(200);
      }
      expect(await membershipOf(user.id)).toEqual(before);
      expect(before).toMatchObject({
        membership_status: "active",
        billing_exempt: true,
        stripe_subscription_id: subscription.id,
      });
    } finally {
      await h.setDelivery(true);
    }
  });
});

describe("the webhook route without billing configured", () => {
  it("answers 503 and records nothing", async () => {
    const secret = process.env.STRIPE_WEBHOOK_SECRET;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    try {
      const response = await POST(
        signedWebhook(h.stripe, JSON.stringify({ id: "evt_unconfigured", type: "invoice.paid" })),
      );
      expect(response.status).toBe(503);
      expect(await stripeEventRows(["evt_unconfigured"])).toEqual([]);
    } finally {
      process.env.STRIPE_WEBHOOK_SECRET = secret;
    }
  });
});
