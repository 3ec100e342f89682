import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createStripeEmulator } from "./src/index.js";
import { eventsOfType, type Harness, startHarness, subscribe } from "./test-helpers.js";

let h: Harness;

// A fixed start (31 January, 12:00 UTC) makes period arithmetic predictable.
const START = Date.UTC(2031, 0, 31, 12) / 1000;

beforeAll(async () => {
  h = await startHarness({ now: START });
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.control("reset", {});
  h.receiver.events.length = 0;
  h.receiver.attempts.length = 0;
});

type Advance = { now: number; processed: number; events: Array<{ id: string; type: string }> };

function periodOf(sub: Stripe.Subscription): { start: number; end: number } {
  const item = sub.items.data[0];
  return { start: item?.current_period_start ?? 0, end: item?.current_period_end ?? 0 };
}

describe("renewals and the test clock", () => {
  it("renews a 4242 subscription on calendar boundaries with a new paid invoice", async () => {
    const { subscription } = await subscribe(h);
    const first = periodOf(subscription);
    expect(first.start).toBe(START);
    // Anchored on the 31st: February ends on the 28th, March returns to the 31st.
    expect(first.end).toBe(Date.UTC(2031, 1, 28, 12) / 1000);

    const advanced = await h.control<Advance>("clock/advance", { to: Date.UTC(2031, 2, 31, 13) / 1000 });
    expect(advanced.body.processed).toBe(2);
    expect(advanced.body.events.map((e) => e.type)).toEqual([
      "customer.subscription.updated",
      "invoice.paid",
      "customer.subscription.updated",
      "invoice.paid",
    ]);
    const renewed = await h.stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.status).toBe("active");
    expect(periodOf(renewed)).toEqual({
      start: Date.UTC(2031, 2, 31, 12) / 1000,
      end: Date.UTC(2031, 3, 30, 12) / 1000,
    });
    const invoices = await h.stripe.invoices.list({ subscription: subscription.id });
    expect(invoices.data.map((i) => [i.billing_reason, i.status])).toEqual([
      ["subscription_cycle", "paid"],
      ["subscription_cycle", "paid"],
      ["subscription_create", "paid"],
    ]);
    expect(renewed.latest_invoice).toBe(invoices.data[0]?.id);
    const clock = await h.control<{ now: number }>("clock");
    expect(clock.body.now).toBe(Date.UTC(2031, 2, 31, 13) / 1000);
    const updated = await eventsOfType(h, "customer.subscription.updated");
    expect(updated[0]?.created).toBe(first.end);
    expect(updated[0]?.data.previous_attributes).toHaveProperty("items");
  });

  it("accepts the 0341 card at checkout, then fails its renewal: past_due and invoice.payment_failed", async () => {
    const { subscription } = await subscribe(h, { card: "4000000000000341" });
    expect(subscription.status).toBe("active");
    const firstInvoice = await h.stripe.invoices.retrieve(String(subscription.latest_invoice));
    expect(firstInvoice.status).toBe("paid");

    const advanced = await h.control<Advance>("clock/advance", { days: 31 });
    expect(advanced.body.events.map((e) => e.type)).toEqual([
      "customer.subscription.updated",
      "invoice.payment_failed",
      "customer.subscription.updated",
    ]);
    const pastDue = await h.stripe.subscriptions.retrieve(subscription.id, { expand: ["latest_invoice"] });
    expect(pastDue.status).toBe("past_due");
    const open = pastDue.latest_invoice as Stripe.Invoice;
    expect(open).toMatchObject({
      status: "open",
      amount_paid: 0,
      attempt_count: 1,
      billing_reason: "subscription_cycle",
    });

    const failed = await eventsOfType(h, "invoice.payment_failed");
    expect(failed).toHaveLength(1);
    expect((failed[0]!.data.object as Stripe.Invoice).id).toBe(open.id);
    const statuses = (await eventsOfType(h, "customer.subscription.updated")).map(
      (e) => (e.data.object as Stripe.Subscription).status,
    );
    expect(statuses.at(-1)).toBe("past_due");
    expect((await h.stripe.subscriptions.list({ status: "past_due" })).data.map((s) => s.id)).toEqual([
      subscription.id,
    ]);
  });

  it("recovers past_due when the open invoice is paid with a good card", async () => {
    const { subscription } = await subscribe(h, { card: "4000000000000341" });
    await h.control("clock/advance", { days: 31 });
    const open = await h.stripe.subscriptions.retrieve(subscription.id);
    const invoice = await h.stripe.invoices.retrieve(String(open.latest_invoice));
    const page = await fetch(invoice.hosted_invoice_url ?? "");
    expect(await page.text()).toContain("Pay this invoice");
    const declined = await h.control("pay-invoice", { invoiceId: invoice.id, card: "4000000000000002" });
    expect(declined.status).toBe(402);
    const res = await fetch(invoice.hosted_invoice_url ?? "", {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ card_number: "4242424242424242", card_expiry: "01/35", card_cvc: "999" }),
    });
    expect(res.status).toBe(303);
    const recovered = await h.stripe.subscriptions.retrieve(subscription.id);
    expect(recovered.status).toBe("active");
    expect((await h.stripe.invoices.retrieve(String(open.latest_invoice))).status).toBe("paid");
    const paid = await eventsOfType(h, "invoice.paid");
    expect(paid).toHaveLength(2);
  });

  it("ends a past_due subscription after the dunning period with customer.subscription.deleted", async () => {
    const { subscription } = await subscribe(h, { card: "4000000000000341" });
    await h.control("clock/advance", { days: 31 });
    const advanced = await h.control<Advance>("clock/advance", { days: 15 });
    expect(advanced.body.events.map((e) => e.type)).toEqual(["customer.subscription.deleted"]);
    const ended = await h.stripe.subscriptions.retrieve(subscription.id);
    expect(ended.status).toBe("canceled");
    expect(ended.cancellation_details?.reason).toBe("payment_failed");
    expect(ended.ended_at).not.toBeNull();
    // Canceled subscriptions are only listed when asked for.
    expect((await h.stripe.subscriptions.list({ customer: String(ended.customer) })).data).toHaveLength(0);
    expect((await h.stripe.subscriptions.list({ status: "canceled" })).data).toHaveLength(1);
    expect((await h.stripe.subscriptions.list({ status: "all" })).data).toHaveLength(1);
  });
});

describe("dunning to unpaid", () => {
  it("marks the subscription unpaid instead of canceling when configured", async () => {
    const other = await startHarness({ now: START, dunningAction: "unpaid", dunningDays: 3 });
    try {
      const { subscription } = await subscribe(other, { card: "4000000000000341" });
      await other.control("clock/advance", { days: 28 }); // the renewal on 28 February fails
      const advanced = await other.control<Advance>("clock/advance", { days: 4 });
      expect(advanced.body.events.map((e) => e.type)).toEqual(["customer.subscription.updated"]);
      expect((await other.stripe.subscriptions.retrieve(subscription.id)).status).toBe("unpaid");
    } finally {
      await other.close();
    }
  });
});

describe("subscription changes", () => {
  it("cancels at period end, resumes, cancels again and ends at the period end", async () => {
    const { subscription } = await subscribe(h);
    const { end } = periodOf(subscription);

    const canceling = await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(canceling).toMatchObject({ status: "active", cancel_at_period_end: true, cancel_at: end });
    expect(canceling.canceled_at).toBe(START);

    const resumed = await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false });
    expect(resumed).toMatchObject({
      status: "active",
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
    });

    await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    const advanced = await h.control<Advance>("clock/advance", { to: end + 1 });
    expect(advanced.body.events.map((e) => e.type)).toEqual(["customer.subscription.deleted"]);
    const ended = await h.stripe.subscriptions.retrieve(subscription.id);
    expect(ended).toMatchObject({ status: "canceled", ended_at: end });
    expect((await h.stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);

    const deleted = await eventsOfType(h, "customer.subscription.deleted");
    expect((deleted[0]!.data.object as Stripe.Subscription).status).toBe("canceled");
    const updates = await eventsOfType(h, "customer.subscription.updated");
    const previous = updates.map(
      (e) => (e.data.previous_attributes as Partial<Stripe.Subscription> | undefined)?.cancel_at_period_end,
    );
    expect(previous).toEqual([false, true, false]);

    await expect(
      h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it("changes the seat quantity, billing the prorated difference with always_invoice", async () => {
    const { subscription } = await subscribe(h, { quantity: 2 });
    const item = subscription.items.data[0];
    await h.control("clock/advance", { days: 14 }); // exactly half of February's 28-day period

    const updated = await h.stripe.subscriptions.update(subscription.id, {
      items: [{ id: item?.id ?? "", quantity: 4 }],
      proration_behavior: "always_invoice",
    });
    expect(updated.items.data[0]).toMatchObject({ id: item?.id, quantity: 4 });
    const proration = await h.stripe.invoices.retrieve(String(updated.latest_invoice));
    expect(proration).toMatchObject({
      billing_reason: "subscription_update",
      status: "paid",
      amount_paid: 1500,
    });

    const viaItem = await h.stripe.subscriptionItems.update(item?.id ?? "", {
      quantity: 5,
      proration_behavior: "none",
    });
    expect(viaItem.quantity).toBe(5);
    const after = await h.stripe.subscriptions.retrieve(subscription.id);
    expect(after.items.data[0]?.quantity).toBe(5);
    expect(after.latest_invoice).toBe(proration.id);

    const updates = await eventsOfType(h, "customer.subscription.updated");
    expect(updates.map((e) => (e.data.object as Stripe.Subscription).items.data[0]?.quantity)).toEqual([
      4, 5,
    ]);

    await expect(
      h.stripe.subscriptions.update(subscription.id, { items: [{ id: "si_nope", quantity: 1 }] }),
    ).rejects.toMatchObject({ param: "items[0][id]", code: "resource_missing" });
  });

  it("updates metadata and cancels immediately; a second cancel is a 404", async () => {
    const { subscription } = await subscribe(h);
    const tagged = await h.stripe.subscriptions.update(subscription.id, {
      metadata: { note: "comped" },
      cancel_at_period_end: true,
    });
    expect(tagged.metadata).toEqual({ accountId: "acc_1", note: "comped" });
    // One API update, one event, carrying every changed field.
    const updates = await eventsOfType(h, "customer.subscription.updated");
    expect(updates).toHaveLength(1);
    expect(Object.keys(updates[0]?.data.previous_attributes ?? {})).toEqual(
      expect.arrayContaining(["metadata", "cancel_at_period_end"]),
    );

    const canceled = await h.stripe.subscriptions.cancel(subscription.id);
    expect(canceled).toMatchObject({ status: "canceled", canceled_at: START, ended_at: START });
    expect(
      (await eventsOfType(h, "customer.subscription.deleted")).map(
        (e) => (e.data.object as Stripe.Subscription).id,
      ),
    ).toEqual([subscription.id]);
    const again = await h.stripe.subscriptions.cancel(subscription.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });
});

describe("ending one subscription's period now (/_emulator/end-period)", () => {
  type EndPeriod = {
    subscription: Stripe.Subscription;
    invoice: Stripe.Invoice | null;
    events: Array<{ id: string; type: string }>;
  };
  const TEN_DAYS_IN = START + 10 * 86_400;

  it("fails the 0341 card's renewal for that subscription alone: past_due with an open invoice", async () => {
    const { subscription } = await subscribe(h, { card: "4000000000000341" });
    const { subscription: other } = await subscribe(h);
    await h.control("clock/advance", { days: 10 });

    const ended = await h.control<EndPeriod>("end-period", { subscriptionId: subscription.id });
    expect(ended.status).toBe(200);
    expect(ended.body.events.map((e) => e.type)).toEqual([
      "customer.subscription.updated",
      "invoice.payment_failed",
      "customer.subscription.updated",
    ]);
    expect(ended.body.invoice).toMatchObject({
      status: "open",
      billing_reason: "subscription_cycle",
      attempt_count: 1,
      amount_paid: 0,
      period_start: START,
      period_end: TEN_DAYS_IN,
    });
    const pastDue = await h.stripe.subscriptions.retrieve(subscription.id);
    expect(pastDue.status).toBe("past_due");
    expect(pastDue.latest_invoice).toBe(ended.body.invoice?.id);
    // The cycle restarts now: 10 February to 10 March.
    expect(periodOf(pastDue)).toEqual({ start: TEN_DAYS_IN, end: Date.UTC(2031, 2, 10, 12) / 1000 });
    expect(pastDue.billing_cycle_anchor).toBe(TEN_DAYS_IN);
    const failed = await eventsOfType(h, "invoice.payment_failed");
    expect(failed.map((e) => [e.created, (e.data.object as Stripe.Invoice).id])).toEqual([
      [TEN_DAYS_IN, ended.body.invoice?.id],
    ]);
    const update = (await eventsOfType(h, "customer.subscription.updated"))[0];
    expect(update?.data.previous_attributes).toMatchObject({ billing_cycle_anchor: START });

    // Nothing else moved: not the clock, not the other customer's subscription.
    expect((await h.control<{ now: number }>("clock")).body.now).toBe(TEN_DAYS_IN);
    const untouched = await h.stripe.subscriptions.retrieve(other.id);
    expect(untouched.status).toBe("active");
    expect(periodOf(untouched)).toEqual(periodOf(other));
    expect((await h.stripe.invoices.list({ subscription: other.id })).data).toHaveLength(1);

    // Dunning counts from the failed invoice: 14 days after 10 February.
    const advanced = await h.control<Advance>("clock/advance", { days: 13 });
    expect(advanced.body.events.map((e) => e.type)).not.toContain("customer.subscription.deleted");
    const dunned = await h.control<Advance>("clock/advance", { days: 1 });
    expect(dunned.body.events.map((e) => e.type)).toEqual(["customer.subscription.deleted"]);
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).status).toBe("canceled");
  });

  it("renews a 4242 subscription now with a paid invoice, and later renewals fall on the new day", async () => {
    const { subscription } = await subscribe(h);
    await h.control("clock/advance", { days: 10 });
    const ended = await h.control<EndPeriod>("end-period", { subscriptionId: subscription.id });
    expect(ended.body.events.map((e) => e.type)).toEqual(["customer.subscription.updated", "invoice.paid"]);
    expect(ended.body.invoice).toMatchObject({ status: "paid", billing_reason: "subscription_cycle" });
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");

    // 28 February, the old boundary, passes without a renewal; 10 March has one.
    const passed = await h.control<Advance>("clock/advance", { to: Date.UTC(2031, 2, 1, 12) / 1000 });
    expect(passed.body.processed).toBe(0);
    const renewed = await h.control<Advance>("clock/advance", { to: Date.UTC(2031, 2, 10, 12) / 1000 });
    expect(renewed.body.events.map((e) => e.type)).toEqual(["customer.subscription.updated", "invoice.paid"]);
    const invoices = await h.stripe.invoices.list({ subscription: subscription.id });
    expect(invoices.data.map((i) => i.billing_reason)).toEqual([
      "subscription_cycle",
      "subscription_cycle",
      "subscription_create",
    ]);
  });

  it("ends a subscription set to cancel at period end, now", async () => {
    const { subscription } = await subscribe(h);
    await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await h.control("clock/advance", { days: 3 });
    const ended = await h.control<EndPeriod>("end-period", { subscriptionId: subscription.id });
    expect(ended.body.events.map((e) => e.type)).toEqual(["customer.subscription.deleted"]);
    expect(ended.body.invoice).toBeNull();
    expect(await h.stripe.subscriptions.retrieve(subscription.id)).toMatchObject({
      status: "canceled",
      ended_at: START + 3 * 86_400,
    });
    expect((await h.stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);
  });

  it("refuses an ended subscription, an unknown one and a missing id, changing nothing", async () => {
    const { subscription } = await subscribe(h);
    await h.stripe.subscriptions.cancel(subscription.id);
    const ended = await h.control<{ error: { message: string } }>("end-period", {
      subscriptionId: subscription.id,
    });
    expect(ended.status).toBe(400);
    expect(ended.body.error.message).toMatch(/is canceled/);
    expect((await h.control("end-period", { subscriptionId: "sub_missing" })).status).toBe(404);
    expect((await h.control("end-period", {})).status).toBe(400);
    expect((await h.stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);
  });
});

describe("webhook delivery", () => {
  it("retries a delivery the receiver answered with 500 and records every attempt", async () => {
    h.receiver.failNext(2);
    const customer = await h.stripe.customers.create({ email: "retry@example.com" });
    const flushed = await h.control<{ idle: boolean }>("flush", { timeoutMs: 5000 });
    expect(flushed.body.idle).toBe(true);
    const created = h.receiver.events.filter((e) => e.type === "customer.created");
    expect(created).toHaveLength(1);
    expect((created[0]!.data.object as Stripe.Customer).id).toBe(customer.id);
    expect(h.receiver.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    const deliveries = await h.control<{
      data: Array<{ event_id: string; status: string; attempts: Array<{ status_code: number }> }>;
    }>(`deliveries?event_id=${created[0]?.id}`);
    expect(deliveries.body.data[0]?.status).toBe("succeeded");
    expect(deliveries.body.data[0]?.attempts.map((a) => a.status_code)).toEqual([500, 500, 200]);
  });

  it("signs with wall-clock time, so events stay verifiable after the clock is advanced", async () => {
    await h.stripe.customers.create({ email: "future@example.com" });
    await h.control("clock/advance", { days: 400 });
    await h.stripe.customers.create({ email: "later@example.com" });
    await h.control("flush", { timeoutMs: 5000 });
    expect(h.receiver.signatureErrors).toEqual([]);
    expect(h.receiver.events.map((e) => e.created)).toEqual([START, START + 400 * 86_400]);
  });

  it("gives up after the configured number of attempts", async () => {
    const emulator = await createStripeEmulator({
      port: 0,
      webhookUrl: "http://127.0.0.1:9/unreachable",
      webhookMaxAttempts: 3,
      webhookBackoffMs: 5,
      now: START,
    });
    try {
      const stripe = new Stripe("sk_test_x", { host: "127.0.0.1", port: emulator.port, protocol: "http" });
      await stripe.customers.create({ email: "x@example.com" });
      expect(await emulator.flush(5000)).toBe(true);
      const [delivery] = emulator.deliveries();
      expect(delivery?.status).toBe("failed");
      expect(delivery?.attempts).toHaveLength(3);
      expect(delivery?.attempts[0]?.status_code).toBeNull();
    } finally {
      await emulator.close();
    }
  });
});

describe("persistence", () => {
  it("keeps state and the advanced clock in the state file across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stripe-emulator-"));
    const stateFile = join(dir, "state.json");
    try {
      const first = await createStripeEmulator({ port: 0, stateFile, now: START });
      const stripe1 = new Stripe("sk_test_x", { host: "127.0.0.1", port: first.port, protocol: "http" });
      const customer = await stripe1.customers.create({ email: "persist@example.com" });
      await fetch(`${first.url}/_emulator/clock/advance`, {
        method: "POST",
        body: JSON.stringify({ days: 2 }),
      });
      await first.close();

      const second = await createStripeEmulator({ port: 0, stateFile, now: START });
      const stripe2 = new Stripe("sk_test_x", { host: "127.0.0.1", port: second.port, protocol: "http" });
      expect((await stripe2.customers.retrieve(customer.id)).id).toBe(customer.id);
      const clock = (await (await fetch(`${second.url}/_emulator/clock`)).json()) as { now: number };
      expect(clock.now).toBe(START + 2 * 86_400);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
