import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventsOfType, type Harness, startHarness, subscribe } from "./test-helpers.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.control("reset", {});
  h.receiver.events.length = 0;
  h.receiver.attempts.length = 0;
});

async function paymentOf(invoiceId: string): Promise<Stripe.InvoicePayment> {
  const payments = await h.stripe.invoicePayments.list({ invoice: invoiceId });
  expect(payments.data).toHaveLength(1);
  return payments.data[0]!;
}

const intentOf = (payment: Stripe.InvoicePayment) => payment.payment.payment_intent as string;

async function errorOf(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    return error as Stripe.errors.StripeError;
  }
  throw new Error("expected the request to fail");
}

describe("invoice payments", () => {
  it("a paid checkout invoice lists its payment, a succeeded PaymentIntent for the amount paid", async () => {
    const { customer, subscription } = await subscribe(h, { quantity: 2 });
    const invoice = await h.stripe.invoices.retrieve(subscription.latest_invoice as string);
    const payment = await paymentOf(invoice.id);
    expect(payment).toMatchObject({
      object: "invoice_payment",
      invoice: invoice.id,
      amount_paid: 3000,
      amount_requested: 3000,
      currency: "usd",
      is_default: true,
      status: "paid",
      payment: { type: "payment_intent", payment_intent: expect.stringMatching(/^pi_/) },
    });
    expect(payment.status_transitions.paid_at).toBe(invoice.status_transitions.paid_at);
    const intent = await h.stripe.paymentIntents.retrieve(intentOf(payment));
    expect(intent).toMatchObject({
      object: "payment_intent",
      amount: 3000,
      amount_received: 3000,
      currency: "usd",
      customer: customer.id,
      payment_method: subscription.default_payment_method,
      status: "succeeded",
    });
    // The filters the app may use, and expansion of the payment intent.
    expect((await h.stripe.invoicePayments.list({ invoice: invoice.id, status: "open" })).data).toEqual([]);
    const byIntent = await h.stripe.invoicePayments.list({
      payment: { type: "payment_intent", payment_intent: intent.id },
      expand: ["data.payment.payment_intent"],
    });
    expect(byIntent.data.map((p) => (p.payment.payment_intent as Stripe.PaymentIntent).id)).toEqual([
      intent.id,
    ]);
    expect((await h.stripe.invoicePayments.retrieve(payment.id)).id).toBe(payment.id);
  });

  it("a renewal charge is a new payment; a failed one and a free trial invoice have none", async () => {
    const { subscription } = await subscribe(h);
    await h.control("clock/advance", { days: 32 });
    const invoices = (await h.stripe.invoices.list({ subscription: subscription.id })).data;
    expect(invoices).toHaveLength(2);
    const intents = await Promise.all(invoices.map(async (i) => intentOf(await paymentOf(i.id))));
    expect(new Set(intents).size).toBe(2);

    const failing = await subscribe(h, { card: "4000000000000341" });
    await h.control("clock/advance", { days: 32 });
    const renewal = (await h.stripe.invoices.list({ subscription: failing.subscription.id, status: "open" }))
      .data[0]!;
    expect((await h.stripe.invoicePayments.list({ invoice: renewal.id })).data).toEqual([]);
  });
});

describe("refunds", () => {
  it("refunds a payment in full once; a second refund is refused; the refund is listed and sent as an event", async () => {
    const { customer, subscription } = await subscribe(h);
    const intent = intentOf(await paymentOf(subscription.latest_invoice as string));
    const refund = await h.stripe.refunds.create(
      { payment_intent: intent, reason: "duplicate", metadata: { subscription: subscription.id } },
      { idempotencyKey: `refund-${intent}` },
    );
    expect(refund).toMatchObject({
      object: "refund",
      amount: 1500,
      currency: "usd",
      payment_intent: intent,
      reason: "duplicate",
      status: "succeeded",
      metadata: { subscription: subscription.id },
    });
    // The same request again (a retry, or a second worker) is the same refund.
    const replayed = await h.stripe.refunds.create(
      { payment_intent: intent, reason: "duplicate", metadata: { subscription: subscription.id } },
      { idempotencyKey: `refund-${intent}` },
    );
    expect(replayed.id).toBe(refund.id);
    const again = await errorOf(h.stripe.refunds.create({ payment_intent: intent }));
    expect(again).toMatchObject({ type: "StripeInvalidRequestError", code: "charge_already_refunded" });

    expect((await h.stripe.refunds.list({ payment_intent: intent })).data.map((r) => r.id)).toEqual([
      refund.id,
    ]);
    expect((await h.stripe.refunds.retrieve(refund.id)).amount).toBe(1500);
    const events = await eventsOfType(h, "refund.created");
    expect(events.map((e) => (e.data.object as Stripe.Refund).id)).toEqual([refund.id]);
    // Other customers' payments are untouched.
    const other = await subscribe(h);
    const otherIntent = intentOf(await paymentOf(other.subscription.latest_invoice as string));
    expect((await h.stripe.refunds.list({ payment_intent: otherIntent })).data).toEqual([]);
    expect(customer.id).not.toBe(other.customer.id);
  });

  it("refunds part of a payment, then at most the rest", async () => {
    const { subscription } = await subscribe(h);
    const intent = intentOf(await paymentOf(subscription.latest_invoice as string));
    expect((await h.stripe.refunds.create({ payment_intent: intent, amount: 500 })).amount).toBe(500);
    const tooMuch = await errorOf(h.stripe.refunds.create({ payment_intent: intent, amount: 1001 }));
    expect(tooMuch).toMatchObject({ type: "StripeInvalidRequestError", param: "amount" });
    expect((await h.stripe.refunds.create({ payment_intent: intent })).amount).toBe(1000);
    expect((await h.stripe.refunds.list({ payment_intent: intent })).data).toHaveLength(2);
  });

  it("validates like Stripe: a payment intent is needed and must exist", async () => {
    expect(await errorOf(h.stripe.refunds.create({}))).toMatchObject({ type: "StripeInvalidRequestError" });
    expect(await errorOf(h.stripe.refunds.create({ payment_intent: "pi_missing" }))).toMatchObject({
      type: "StripeInvalidRequestError",
      code: "resource_missing",
      param: "payment_intent",
    });
    expect(
      await errorOf(h.stripe.refunds.create({ payment_intent: "pi_x", reason: "bored" as "duplicate" })),
    ).toMatchObject({ param: "reason" });
    expect(await errorOf(h.stripe.refunds.retrieve("re_missing"))).toMatchObject({ statusCode: 404 });
  });
});
