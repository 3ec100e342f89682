// Per-seat subscriptions, as the "Teams and seats" feature uses them: a team
// buys N seats at Checkout, raises them with a prorated invoice charged at once
// (only applied if the charge succeeds), lowers them without a credit, and
// renews at quantity × price.
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPlan, type Harness, startHarness, subscribe } from "./test-helpers.js";

let h: Harness;

// 1 March 2031, 12:00 UTC: the first period runs to 1 April, 31 days.
const START = Date.UTC(2031, 2, 1, 12) / 1000;
const PERIOD_END = Date.UTC(2031, 3, 1, 12) / 1000;
const TEN_DAYS_IN = START + 10 * 86_400;
const GOOD_CARD = "4242424242424242";
const FAILS_LATER = "4000000000000341";

// Raising 3 → 4 seats at 15.00 each, ten days in: 21 of the period's 31 days are left.
// Stripe bills a credit for the unused time of 3 seats and a charge for the remaining
// time of 4, each rounded to the cent: 3 × 1500 × 21/31 = 3048.39 → 3048 and
// 4 × 1500 × 21/31 = 4064.52 → 4065, so the invoice is 1017.
const CREDIT_3_SEATS = -3048;
const CHARGE_4_SEATS = 4065;
const RAISE_3_TO_4 = 1017;

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

type WithEvents = { events: Array<{ id: string; type: string }> };

/** Where the events caused from now on will start in the receiver's list (after what is already queued). */
async function mark(): Promise<number> {
  await h.control("flush", { timeoutMs: 5000 });
  return h.receiver.events.length;
}

/** Types of the events delivered since `mark`, in order. */
async function typesSince(start: number): Promise<string[]> {
  await h.control("flush", { timeoutMs: 5000 });
  return h.receiver.events.slice(start).map((e) => e.type);
}

async function eventsSince(start: number, type: string): Promise<Stripe.Event[]> {
  await h.control("flush", { timeoutMs: 5000 });
  return h.receiver.events.slice(start).filter((e) => e.type === type);
}

function seatsOf(sub: Stripe.Subscription): number | undefined {
  return sub.items.data[0]?.quantity;
}

function itemId(sub: Stripe.Subscription): string {
  return sub.items.data[0]?.id ?? "";
}

async function invoiceCount(subId: string): Promise<number> {
  return (await h.stripe.invoices.list({ subscription: subId })).data.length;
}

async function raise(
  sub: Stripe.Subscription,
  quantity: number,
  options: Stripe.RequestOptions = {},
): Promise<Stripe.Response<Stripe.Subscription>> {
  return h.stripe.subscriptions.update(
    sub.id,
    {
      items: [{ id: itemId(sub), quantity }],
      proration_behavior: "always_invoice",
      payment_behavior: "pending_if_incomplete",
    },
    options,
  );
}

describe("buying seats at Checkout", () => {
  it("creates a subscription with 3 seats whose first invoice charges 3 × the unit amount", async () => {
    const { price } = await createPlan(h.stripe);
    const team = await h.stripe.customers.create({ name: "Acme team", metadata: { teamId: "team_1" } });
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: team.id,
      line_items: [{ price: price.id, quantity: 3 }],
      success_url: "http://localhost:3000/team/1?checkout={CHECKOUT_SESSION_ID}",
    });
    expect(session).toMatchObject({ amount_subtotal: 4500, amount_total: 4500 });
    expect((await h.stripe.checkout.sessions.listLineItems(session.id)).data[0]).toMatchObject({
      quantity: 3,
      amount_total: 4500,
    });
    const page = await (await fetch(session.url ?? "")).text();
    expect(page).toContain("Qty 3");

    expect((await h.control("pay", { sessionId: session.id, card: GOOD_CARD })).status).toBe(200);
    const done = await h.stripe.checkout.sessions.retrieve(session.id, {
      expand: ["subscription.latest_invoice"],
    });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.customer).toBe(team.id);
    expect(sub.items.data).toHaveLength(1);
    expect(sub.items.data[0]).toMatchObject({ quantity: 3, price: { id: price.id, unit_amount: 1500 } });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({
      billing_reason: "subscription_create",
      status: "paid",
      amount_due: 4500,
      amount_paid: 4500,
    });
    expect(invoice.lines.data.map((l) => [l.quantity, l.amount])).toEqual([[3, 4500]]);

    // The team is a customer like any other: its portal shows its seats and its invoices.
    const portal = await h.stripe.billingPortal.sessions.create({ customer: team.id });
    const portalPage = await (await fetch(portal.url)).text();
    expect(portalPage).toContain("Team × 3");
    expect(portalPage).toContain("$15.00 / month each, $45.00 in all");
    expect(portalPage).toContain(invoice.number ?? "missing");
  });

  it("requires a quantity of at least 1 on each line item, as Stripe does", async () => {
    const { price } = await createPlan(h.stripe);
    const base = { mode: "subscription" as const, success_url: "http://localhost:3000/ok" };
    await expect(
      h.stripe.checkout.sessions.create({ ...base, line_items: [{ price: price.id, quantity: 0 }] }),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: "line_items[0][quantity]",
      code: "parameter_invalid_integer",
      message: "This value must be greater than or equal to 1.",
    });
    await expect(
      h.stripe.checkout.sessions.create({ ...base, line_items: [{ price: price.id }] }),
    ).rejects.toMatchObject({ statusCode: 400, param: "line_items[0]" });
  });
});

describe("raising seats (always_invoice, pending_if_incomplete)", () => {
  it("charges the prorated difference at once and then applies the new quantity", async () => {
    const { subscription } = await subscribe(h, { quantity: 3 });
    await h.control("clock/advance", { to: TEN_DAYS_IN });
    const from = await mark();

    const raised = await raise(subscription, 4);
    expect(seatsOf(raised)).toBe(4);
    expect(raised).toMatchObject({ status: "active", pending_update: null });
    const invoice = await h.stripe.invoices.retrieve(String(raised.latest_invoice));
    expect(invoice).toMatchObject({
      billing_reason: "subscription_update",
      status: "paid",
      amount_due: RAISE_3_TO_4,
      amount_paid: RAISE_3_TO_4,
      amount_remaining: 0,
    });
    expect(
      invoice.lines.data.map((l) => ({
        amount: l.amount,
        quantity: l.quantity,
        proration: l.parent?.subscription_item_details?.proration,
        period: l.period,
        description: l.description,
      })),
    ).toEqual([
      {
        amount: CREDIT_3_SEATS,
        quantity: 3,
        proration: true,
        period: { start: TEN_DAYS_IN, end: PERIOD_END },
        description: "Unused time on 3 × Team (at $15.00 / month) after 11 Mar 2031",
      },
      {
        amount: CHARGE_4_SEATS,
        quantity: 4,
        proration: true,
        period: { start: TEN_DAYS_IN, end: PERIOD_END },
        description: "Remaining time on 4 × Team (at $15.00 / month) after 11 Mar 2031",
      },
    ]);
    const payments = await h.stripe.invoicePayments.list({ invoice: invoice.id });
    expect(payments.data.map((p) => p.amount_paid)).toEqual([RAISE_3_TO_4]);

    // The charge comes first; the subscription changes only once it is paid.
    expect(await typesSince(from)).toEqual([
      "invoice.created",
      "invoice.finalized",
      "invoice.paid",
      "customer.subscription.updated",
    ]);
    const [created] = await eventsSince(from, "invoice.created");
    expect((created?.data.object as Stripe.Invoice | undefined)?.status).toBe("draft");
    const [updated] = await eventsSince(from, "customer.subscription.updated");
    const previous = updated?.data.previous_attributes as Partial<Stripe.Subscription>;
    expect(previous.items?.data[0]?.quantity).toBe(3);
    expect(previous.latest_invoice).toBe(subscription.latest_invoice);
  });

  it("prorates as of proration_date when one is given", async () => {
    const { subscription } = await subscribe(h, { quantity: 3 });
    await h.control("clock/advance", { to: TEN_DAYS_IN + 3600 });
    const raised = await h.stripe.subscriptions.update(subscription.id, {
      items: [{ id: itemId(subscription), quantity: 4 }],
      proration_behavior: "always_invoice",
      payment_behavior: "pending_if_incomplete",
      proration_date: TEN_DAYS_IN,
    });
    expect((await h.stripe.invoices.retrieve(String(raised.latest_invoice))).amount_due).toBe(RAISE_3_TO_4);
  });

  it("keeps 3 seats and a pending_update when the card fails; paying the open invoice applies it", async () => {
    const { subscription } = await subscribe(h, { quantity: 3, card: FAILS_LATER });
    await h.control("clock/advance", { to: TEN_DAYS_IN });
    const from = await mark();

    // As in Stripe, the API answers 200 with the subscription; nothing is thrown.
    const pending = await h.stripe.subscriptions.update(subscription.id, {
      items: [{ id: itemId(subscription), quantity: 4 }],
      proration_behavior: "always_invoice",
      payment_behavior: "pending_if_incomplete",
      metadata: { seats: "4" },
    });
    expect(pending.status).toBe("active");
    expect(seatsOf(pending)).toBe(3);
    expect(pending.metadata).toEqual({ accountId: "acc_1" });
    expect(pending.pending_update).toMatchObject({
      // 23 hours, since the period ends later than that.
      expires_at: TEN_DAYS_IN + 23 * 3600,
      metadata: { seats: "4" },
      cancel_at_period_end: null,
    });
    expect(pending.pending_update?.subscription_items?.map((i) => [i.id, i.quantity])).toEqual([
      [itemId(subscription), 4],
    ]);
    const open = await h.stripe.invoices.retrieve(String(pending.latest_invoice));
    expect(open).toMatchObject({
      billing_reason: "subscription_update",
      status: "open",
      amount_due: RAISE_3_TO_4,
      amount_paid: 0,
      attempt_count: 1,
    });
    expect(await typesSince(from)).toEqual([
      "invoice.created",
      "invoice.finalized",
      "invoice.payment_failed",
      "customer.subscription.updated",
    ]);
    const retrieved = await h.stripe.subscriptions.retrieve(subscription.id);
    expect(seatsOf(retrieved)).toBe(3);
    expect(retrieved.pending_update).not.toBeNull();

    // The portal says what is waiting and links to the invoice that settles it.
    const portal = await h.stripe.billingPortal.sessions.create({ customer: String(subscription.customer) });
    const portalPage = await (await fetch(portal.url)).text();
    expect(portalPage).toContain("Waiting for payment: Team × 4.");
    expect(portalPage).toContain(`href="/invoice/${open.id}"`);

    const payMark = await mark();
    const paid = await h.control<{ invoice: Stripe.Invoice; subscription: Stripe.Subscription }>(
      "pay-invoice",
      { invoiceId: open.id, card: GOOD_CARD },
    );
    expect(paid.status).toBe(200);
    expect(paid.body.invoice).toMatchObject({ status: "paid", amount_paid: RAISE_3_TO_4 });
    const applied = await h.stripe.subscriptions.retrieve(subscription.id);
    expect(applied).toMatchObject({ status: "active", pending_update: null, latest_invoice: open.id });
    expect(seatsOf(applied)).toBe(4);
    expect(applied.metadata).toEqual({ accountId: "acc_1", seats: "4" });
    expect(applied.default_payment_method).not.toBe(subscription.default_payment_method);
    expect(await typesSince(payMark)).toEqual([
      "invoice.paid",
      "customer.subscription.updated",
      "customer.subscription.pending_update_applied",
    ]);
    const [appliedEvent] = await eventsSince(payMark, "customer.subscription.pending_update_applied");
    expect(seatsOf(appliedEvent?.data.object as Stripe.Subscription)).toBe(4);

    // The next renewal bills the 4 seats, on the card that paid.
    const renewal = await h.control<{ invoice: Stripe.Invoice }>("end-period", {
      subscriptionId: subscription.id,
    });
    expect(renewal.body.invoice).toMatchObject({ status: "paid", amount_paid: 4 * 1500 });
  });

  it("expires an unpaid pending update after 23 hours: the invoice is voided and the seats stay", async () => {
    const { subscription } = await subscribe(h, { quantity: 3, card: FAILS_LATER });
    await h.control("clock/advance", { to: TEN_DAYS_IN });
    const first = await raise(subscription, 4);
    const firstInvoice = String(first.latest_invoice);

    // A newer seat change replaces the one still waiting: the old invoice is voided.
    const from = await mark();
    const second = await raise(subscription, 5);
    expect((await typesSince(from)).slice(0, 3)).toEqual([
      "invoice.voided",
      "customer.subscription.updated",
      "customer.subscription.pending_update_expired",
    ]);
    expect((await h.stripe.invoices.retrieve(firstInvoice)).status).toBe("void");
    expect(second.pending_update?.subscription_items?.[0]?.quantity).toBe(5);
    expect(seatsOf(second)).toBe(3);

    const expired = await h.control<WithEvents>("clock/advance", { seconds: 23 * 3600 });
    expect(expired.body.events.map((e) => e.type)).toEqual([
      "invoice.voided",
      "customer.subscription.updated",
      "customer.subscription.pending_update_expired",
    ]);
    const after = await h.stripe.subscriptions.retrieve(subscription.id, { expand: ["latest_invoice"] });
    expect(after).toMatchObject({ status: "active", pending_update: null });
    expect(seatsOf(after)).toBe(3);
    const voided = after.latest_invoice as Stripe.Invoice;
    expect(voided).toMatchObject({ id: second.latest_invoice, status: "void", amount_paid: 0 });
    expect(voided.status_transitions.voided_at).toBe(TEN_DAYS_IN + 23 * 3600);
    const late = await h.control<{ error: { message: string } }>("pay-invoice", {
      invoiceId: voided.id,
      card: GOOD_CARD,
    });
    expect(late.status).toBe(400);
    expect(late.body.error.message).toMatch(/void/);

    // The renewal bills the 3 seats the team still has (and fails on this card as usual).
    const renewal = await h.control<{ invoice: Stripe.Invoice }>("end-period", {
      subscriptionId: subscription.id,
    });
    expect(renewal.body.invoice).toMatchObject({ status: "open", amount_due: 3 * 1500 });
  });

  it("behaves the same through the subscription item endpoint", async () => {
    const { subscription } = await subscribe(h, { quantity: 3, card: FAILS_LATER });
    await h.control("clock/advance", { to: TEN_DAYS_IN });
    const item = await h.stripe.subscriptionItems.update(itemId(subscription), {
      quantity: 4,
      proration_behavior: "always_invoice",
      payment_behavior: "pending_if_incomplete",
    });
    expect(item.quantity).toBe(3);
    const sub = await h.stripe.subscriptions.retrieve(subscription.id, { expand: ["latest_invoice"] });
    expect(sub.pending_update?.subscription_items?.[0]?.quantity).toBe(4);
    expect(sub.latest_invoice).toMatchObject({ status: "open", amount_due: RAISE_3_TO_4 });
  });

  it("without pending_if_incomplete (Stripe's default) applies the seats and goes past_due on failure", async () => {
    const { subscription } = await subscribe(h, { quantity: 3, card: FAILS_LATER });
    await h.control("clock/advance", { to: TEN_DAYS_IN });
    const from = await mark();
    const raised = await h.stripe.subscriptions.update(subscription.id, {
      items: [{ id: itemId(subscription), quantity: 4 }],
      proration_behavior: "always_invoice",
    });
    expect(seatsOf(raised)).toBe(4);
    expect(raised.pending_update).toBeNull();
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");
    expect(await typesSince(from)).toEqual([
      "customer.subscription.updated",
      "invoice.created",
      "invoice.finalized",
      "invoice.payment_failed",
      "customer.subscription.updated",
    ]);
  });
});

describe("lowering seats (proration_behavior none)", () => {
  it("applies the lower quantity at once with no invoice and no credit", async () => {
    const { subscription } = await subscribe(h, { quantity: 4 });
    await h.control("clock/advance", { to: TEN_DAYS_IN });
    const from = await mark();
    const lowered = await h.stripe.subscriptions.update(subscription.id, {
      items: [{ id: itemId(subscription), quantity: 2 }],
      proration_behavior: "none",
      payment_behavior: "pending_if_incomplete",
    });
    expect(seatsOf(lowered)).toBe(2);
    expect(lowered).toMatchObject({ pending_update: null, latest_invoice: subscription.latest_invoice });
    expect(await invoiceCount(subscription.id)).toBe(1);
    expect(await typesSince(from)).toEqual(["customer.subscription.updated"]);

    // Through the subscription item as well, the same rules apply.
    const viaItem = await h.stripe.subscriptionItems.update(itemId(subscription), {
      quantity: 1,
      proration_behavior: "none",
    });
    expect(viaItem.quantity).toBe(1);
    expect(await invoiceCount(subscription.id)).toBe(1);

    const renewal = await h.control<{ invoice: Stripe.Invoice }>("end-period", {
      subscriptionId: subscription.id,
    });
    expect(renewal.body.invoice).toMatchObject({ status: "paid", amount_paid: 1500 });
  });
});

describe("idempotency of seat changes", () => {
  it("replays the first answer for the same key, charging once", async () => {
    const { subscription } = await subscribe(h, { quantity: 3 });
    await h.control("clock/advance", { to: TEN_DAYS_IN });
    const first = await raise(subscription, 4, { idempotencyKey: "seats-team_1-4" });
    const from = await mark();
    const again = await raise(subscription, 4, { idempotencyKey: "seats-team_1-4" });
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(again.latest_invoice).toBe(first.latest_invoice);
    expect(seatsOf(again)).toBe(4);
    expect(await invoiceCount(subscription.id)).toBe(2);
    expect(await typesSince(from)).toEqual([]);

    await expect(raise(subscription, 5, { idempotencyKey: "seats-team_1-4" })).rejects.toBeInstanceOf(
      Stripe.errors.StripeIdempotencyError,
    );
    expect(seatsOf(await h.stripe.subscriptions.retrieve(subscription.id))).toBe(4);
  });

  it("replays a pending-update answer too, without a second charge attempt", async () => {
    const { subscription } = await subscribe(h, { quantity: 3, card: FAILS_LATER });
    await h.control("clock/advance", { to: TEN_DAYS_IN });
    const first = await raise(subscription, 4, { idempotencyKey: "seats-team_2-4" });
    const again = await raise(subscription, 4, { idempotencyKey: "seats-team_2-4" });
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(again.pending_update).toEqual(first.pending_update);
    const invoice = await h.stripe.invoices.retrieve(String(first.latest_invoice));
    expect(invoice.attempt_count).toBe(1);
    expect(await invoiceCount(subscription.id)).toBe(2);
  });
});

describe("renewals of a multi-seat subscription", () => {
  it("charges quantity × unit amount at each period end", async () => {
    const { subscription } = await subscribe(h, { quantity: 3 });
    const advanced = await h.control<WithEvents>("clock/advance", { to: PERIOD_END });
    expect(advanced.body.events.map((e) => e.type)).toEqual([
      "customer.subscription.updated",
      "invoice.paid",
    ]);
    const renewed = await h.stripe.subscriptions.retrieve(subscription.id, { expand: ["latest_invoice"] });
    const invoice = renewed.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({
      billing_reason: "subscription_cycle",
      status: "paid",
      amount_due: 4500,
      amount_paid: 4500,
    });
    expect(invoice.lines.data.map((l) => [l.quantity, l.amount, l.description])).toEqual([
      [3, 4500, "3 × Team"],
    ]);
  });
});

describe("what Stripe refuses", () => {
  it("refuses bad seat changes with Stripe-shaped errors and changes nothing", async () => {
    const { subscription } = await subscribe(h, { quantity: 3 });
    const { subscription: other } = await subscribe(h, { quantity: 2 });
    const item = itemId(subscription);
    const update = (params: Stripe.SubscriptionUpdateParams, options?: Stripe.RequestOptions) =>
      h.stripe.subscriptions.update(subscription.id, params, options);
    const pendingRaise = {
      items: [{ id: item, quantity: 4 }],
      proration_behavior: "always_invoice" as const,
      payment_behavior: "pending_if_incomplete" as const,
    };

    await expect(update({ items: [{ id: item, quantity: -1 }] })).rejects.toMatchObject({
      statusCode: 400,
      type: "StripeInvalidRequestError",
      param: "items[0][quantity]",
      code: "parameter_invalid_integer",
    });
    await expect(
      h.stripe.subscriptionItems.update(item, { quantity: -1, proration_behavior: "none" }),
    ).rejects.toMatchObject({ statusCode: 400, param: "quantity" });
    await expect(update({ items: [{ id: "si_unknown", quantity: 4 }] })).rejects.toMatchObject({
      statusCode: 400,
      param: "items[0][id]",
      code: "resource_missing",
      message: "No such subscription item: 'si_unknown'",
    });
    // Another subscription's item is not one of this subscription's items.
    await expect(update({ items: [{ id: itemId(other), quantity: 4 }] })).rejects.toMatchObject({
      param: "items[0][id]",
      code: "resource_missing",
    });

    const notSupported = (name: string) =>
      `When \`payment_behavior\` is set to \`pending_if_incomplete\`, you can only pass supported params. \`${name}\` is not supported. See https://stripe.com/docs/billing/subscriptions/pending-updates-reference#supported-attributes for more details.`;
    await expect(update({ ...pendingRaise, description: "Acme" })).rejects.toMatchObject({
      statusCode: 400,
      param: "description",
      message: notSupported("description"),
    });
    await expect(
      update({ ...pendingRaise, items: [{ id: item, quantity: 4, metadata: { a: "b" } }] }),
    ).rejects.toMatchObject({ param: "items[0][metadata]", message: notSupported("items[0][metadata]") });
    await expect(update({ ...pendingRaise, items: [{ id: item, deleted: true }] })).rejects.toMatchObject({
      param: "items[0][deleted]",
    });
    await expect(update({ ...pendingRaise, cancellation_details: { comment: "x" } })).rejects.toMatchObject({
      param: "cancellation_details",
    });
    // Metadata joined the supported list in 2026-05-27.dahlia; older API versions are refused.
    await expect(
      update({ ...pendingRaise, metadata: { seats: "4" } }, { apiVersion: "2025-03-31.basil" }),
    ).rejects.toMatchObject({ param: "metadata" });
    await expect(
      h.stripe.subscriptionItems.update(item, {
        quantity: 4,
        payment_behavior: "pending_if_incomplete",
        metadata: { a: "b" },
      }),
    ).rejects.toMatchObject({ param: "metadata" });
    await expect(update({ ...pendingRaise, payment_behavior: "error_if_incomplete" })).rejects.toMatchObject({
      statusCode: 400,
      param: "payment_behavior",
    });
    await expect(update({ ...pendingRaise, proration_date: START - 1 })).rejects.toMatchObject({
      param: "proration_date",
    });

    // None of that changed the subscription or billed anything.
    const unchanged = await h.stripe.subscriptions.retrieve(subscription.id);
    expect(seatsOf(unchanged)).toBe(3);
    expect(unchanged.pending_update).toBeNull();
    expect(await invoiceCount(subscription.id)).toBe(1);

    // Stripe accepts 0 on a subscription item (it then bills nothing); only Checkout wants at least 1.
    const zero = await update({ items: [{ id: item, quantity: 0 }], proration_behavior: "none" });
    expect(seatsOf(zero)).toBe(0);

    await h.stripe.subscriptions.cancel(subscription.id);
    await expect(update(pendingRaise)).rejects.toMatchObject({ statusCode: 400, param: "items" });
    await expect(
      h.stripe.subscriptionItems.update(item, { quantity: 4, proration_behavior: "none" }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});
