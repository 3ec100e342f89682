import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPlan, eventsOfType, type Harness, startHarness, subscribe } from "./test-helpers.js";

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

const SUCCESS = "http://localhost:3000/billing/success?session_id={CHECKOUT_SESSION_ID}";

async function createSession(
  extra: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Promise<{ session: Stripe.Checkout.Session; customer: Stripe.Customer; price: Stripe.Price }> {
  const { price } = await createPlan(h.stripe);
  const customer = await h.stripe.customers.create({ email: "ada@example.com" });
  const session = await h.stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    line_items: [{ price: price.id, quantity: 2 }],
    success_url: SUCCESS,
    cancel_url: "http://localhost:3000/upgrade",
    client_reference_id: "acc_1",
    metadata: { accountId: "acc_1" },
    subscription_data: { metadata: { accountId: "acc_1" } },
    ...extra,
  });
  return { session, customer, price };
}

describe("Checkout", () => {
  it("creates an open session whose url is the emulator's hosted page", async () => {
    const { session, customer } = await createSession();
    expect(session.id).toMatch(/^cs_test_/);
    expect(session).toMatchObject({
      object: "checkout.session",
      mode: "subscription",
      status: "open",
      payment_status: "unpaid",
      customer: customer.id,
      client_reference_id: "acc_1",
      amount_total: 3000,
      subscription: null,
    });
    expect(session.url).toBe(`${h.emulator.url}/checkout/${session.id}`);
    const listed = await h.stripe.checkout.sessions.list({ customer: customer.id });
    expect(listed.data.map((s) => s.id)).toEqual([session.id]);
    const items = await h.stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data[0]).toMatchObject({ quantity: 2, amount_total: 3000 });
  });

  it("validates line items and urls like Stripe", async () => {
    await expect(
      h.stripe.checkout.sessions.create({
        mode: "subscription",
        line_items: [{ price: "price_missing", quantity: 1 }],
        success_url: SUCCESS,
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: "line_items[0][price]", code: "resource_missing" });
    const { price } = await createPlan(h.stripe);
    await expect(
      h.stripe.checkout.sessions.create({
        mode: "subscription",
        line_items: [{ price: price.id, quantity: 1 }],
        success_url: "not a url",
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: "success_url" });
  });

  it("pays with 4242: active subscription with periods, paid invoice, completed session, signed events", async () => {
    const { session, customer, price } = await createSession();
    const paid = await h.control<{ redirect_url: string }>("pay", {
      sessionId: session.id,
      card: "4242424242424242",
    });
    expect(paid.status).toBe(200);
    expect(paid.body.redirect_url).toBe(`http://localhost:3000/billing/success?session_id=${session.id}`);

    const done = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
    expect(done).toMatchObject({ status: "complete", payment_status: "paid", customer: customer.id });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.id).toMatch(/^sub_/);
    expect(sub).toMatchObject({
      object: "subscription",
      status: "active",
      customer: customer.id,
      cancel_at_period_end: false,
      canceled_at: null,
      ended_at: null,
      metadata: { accountId: "acc_1" },
    });
    const item = sub.items.data[0];
    expect(item?.id).toMatch(/^si_/);
    expect(item?.quantity).toBe(2);
    expect(item?.price).toMatchObject({ id: price.id, object: "price", unit_amount: 1500 });
    expect(item?.current_period_end).toBeGreaterThan(item?.current_period_start ?? Infinity);
    // Kept on the subscription too, for code written against older API versions.
    const legacy = sub as unknown as { current_period_start: number; current_period_end: number };
    expect(legacy.current_period_end).toBe(item?.current_period_end);
    // A calendar month later (28 to 31 days).
    const days = ((item?.current_period_end ?? 0) - (item?.current_period_start ?? 0)) / 86_400;
    expect(days).toBeGreaterThanOrEqual(28);
    expect(days).toBeLessThanOrEqual(31);

    const invoices = await h.stripe.invoices.list({ customer: customer.id });
    expect(invoices.data).toHaveLength(1);
    const invoice = invoices.data[0];
    expect(invoice?.id).toMatch(/^in_/);
    expect(invoice).toMatchObject({
      status: "paid",
      amount_due: 3000,
      amount_paid: 3000,
      currency: "usd",
      billing_reason: "subscription_create",
    });
    expect(invoice?.parent?.subscription_details?.subscription).toBe(sub.id);
    expect((invoice as unknown as { subscription: string }).subscription).toBe(sub.id);
    expect(invoice?.hosted_invoice_url).toBe(`${h.emulator.url}/invoice/${invoice?.id}`);
    expect(sub.latest_invoice).toBe(invoice?.id);
    const withInvoice = await h.stripe.subscriptions.retrieve(sub.id, {
      expand: ["latest_invoice", "customer"],
    });
    expect((withInvoice.latest_invoice as Stripe.Invoice).status).toBe("paid");
    expect((withInvoice.customer as Stripe.Customer).email).toBe("ada@example.com");

    await h.control("flush", { timeoutMs: 5000 });
    const types = h.receiver.events.map((e) => e.type);
    expect(types).toEqual([
      "product.created",
      "price.created",
      "customer.created",
      "customer.subscription.created",
      "invoice.paid",
      "checkout.session.completed",
    ]);
    expect(h.receiver.signatureErrors).toEqual([]);
    const completed = h.receiver.events.find((e) => e.type === "checkout.session.completed");
    expect(completed).toMatchObject({ object: "event", livemode: false, pending_webhooks: 1 });
    expect(completed?.id).toMatch(/^evt_/);
    expect((completed!.data.object as Stripe.Checkout.Session).subscription).toBe(sub.id);
    // Events are retrievable from the API as well.
    expect((await h.stripe.events.retrieve(completed?.id ?? "")).type).toBe("checkout.session.completed");
    const deliveries = await h.control<{ data: Array<{ status: string }> }>("deliveries");
    expect(deliveries.body.data.every((d) => d.status === "succeeded")).toBe(true);
  });

  it("creates the customer when the session only has an email, and starts trials", async () => {
    const { price } = await createPlan(h.stripe);
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: "new@example.com",
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: SUCCESS,
      subscription_data: { trial_period_days: 14 },
    });
    expect(session.amount_total).toBe(0);
    await h.control("pay", { sessionId: session.id });
    const done = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
    expect(done.payment_status).toBe("no_payment_required");
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.status).toBe("trialing");
    expect(sub.trial_end).toBe(sub.items.data[0]?.current_period_end);
    expect((await h.stripe.customers.retrieve(String(done.customer))) as Stripe.Customer).toMatchObject({
      email: "new@example.com",
    });
    const advanced = await h.control<{ events: Array<{ type: string }> }>("clock/advance", { days: 15 });
    expect(advanced.body.events.map((e) => e.type)).toEqual([
      "customer.subscription.updated",
      "invoice.paid",
    ]);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
  });

  it("refuses a second payment of the same session and declines unknown cards", async () => {
    const { session } = await createSession();
    const declined = await h.control<{ error: { type: string; message: string; decline_code: string } }>(
      "pay",
      {
        sessionId: session.id,
        card: "4000 0000 0000 0002",
      },
    );
    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({ type: "card_error", message: "Your card was declined." });
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");

    expect((await h.control("pay", { sessionId: session.id })).status).toBe(200);
    const again = await h.control<{ error: { message: string } }>("pay", { sessionId: session.id });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/no longer active/);
    expect((await h.stripe.subscriptions.list({ status: "all" })).data).toHaveLength(1);
  });

  it("expires sessions on request and after 24 hours", async () => {
    const { session } = await createSession();
    const expired = await h.stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe("expired");
    const { session: other } = await createSession();
    await h.control("clock/advance", { seconds: 24 * 3600 + 1 });
    expect((await h.stripe.checkout.sessions.retrieve(other.id)).status).toBe("expired");
    expect((await eventsOfType(h, "checkout.session.expired")).map((e) => e.id)).toHaveLength(2);
  });

  it("lists a customer's open sessions, and an expired one can be paid neither by control nor on its page", async () => {
    const { session, customer } = await createSession();
    const other = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: (await createPlan(h.stripe)).price.id, quantity: 1 }],
      success_url: SUCCESS,
    });
    await h.stripe.checkout.sessions.expire(session.id);
    const open = await h.stripe.checkout.sessions.list({ customer: customer.id, status: "open" });
    expect(open.data.map((s) => s.id)).toEqual([other.id]);
    const expired = await h.stripe.checkout.sessions.list({ customer: customer.id, status: "expired" });
    expect(expired.data.map((s) => s.id)).toEqual([session.id]);

    const paid = await h.control<{ error: { message: string } }>("pay", { sessionId: session.id });
    expect(paid.status).toBe(400);
    expect(paid.body.error.message).toMatch(/no longer active/);
    const page = await fetch(`${h.emulator.url}/checkout/${session.id}`);
    expect(await page.text()).not.toContain('name="card_number"');
    const posted = await fetch(`${h.emulator.url}/checkout/${session.id}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "card_number=4242424242424242&card_expiry=12%2F34&card_cvc=123",
      redirect: "manual",
    });
    expect(posted.status).toBe(409);
    expect((await h.stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toEqual([]);
    // Expiring twice is refused, as in Stripe.
    await expect(h.stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
    });
  });
});

describe("hosted checkout page", () => {
  it("renders the plan, amount and quantity with labelled card fields and a cancel link", async () => {
    const { session } = await createSession();
    const res = await fetch(session.url ?? "");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Stripe emulator — test mode, no real payment");
    expect(html).toContain("Team");
    expect(html).toContain("$15.00 / month");
    expect(html).toContain("Qty 2");
    expect(html).toContain("$30.00");
    expect(html).toMatch(/<label for="card_number">Card number<\/label>/);
    expect(html).toMatch(/<label for="card_expiry">/);
    expect(html).toMatch(/<label for="card_cvc">/);
    expect(html).toContain('href="http://localhost:3000/upgrade"');
  });

  it("pays on form POST and redirects 303 to success_url with the session id substituted", async () => {
    const { session } = await createSession();
    const res = await fetch(session.url ?? "", {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        card_number: "4242 4242 4242 4242",
        card_expiry: "12 / 34",
        card_cvc: "123",
      }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(
      `http://localhost:3000/billing/success?session_id=${session.id}`,
    );
    const done = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(done).toMatchObject({ status: "complete", payment_status: "paid" });
    const page = await fetch(session.url ?? "");
    expect(await page.text()).toContain("already complete");
  });

  it("shows a Stripe-like decline message for other cards and keeps the session open", async () => {
    const { session } = await createSession();
    const res = await fetch(session.url ?? "", {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        card_number: "4000 0000 0000 9995",
        card_expiry: "12/34",
        card_cvc: "123",
      }),
    });
    expect(res.status).toBe(402);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain("Your card has insufficient funds.");
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });
});

describe("billing portal", () => {
  it("creates a portal session and its page cancels at period end and resumes", async () => {
    const { customer, subscription } = await subscribe(h);
    const portal = await h.stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "http://localhost:3000/settings/billing",
    });
    expect(portal.id).toMatch(/^bps_/);
    expect(portal.url).toBe(`${h.emulator.url}/portal/${portal.id}`);

    const page = await (await fetch(portal.url)).text();
    expect(page).toContain("Team");
    expect(page).toContain("Renews on");
    expect(page).toContain("Cancel at period end");
    expect(page).toContain('href="http://localhost:3000/settings/billing"');

    const cancel = await fetch(`${portal.url}/subscriptions/${subscription.id}/cancel`, {
      method: "POST",
      redirect: "manual",
    });
    expect(cancel.status).toBe(303);
    const canceled = await h.stripe.subscriptions.retrieve(subscription.id);
    expect(canceled.cancel_at_period_end).toBe(true);
    const after = await (await fetch(new URL(cancel.headers.get("location") ?? "", portal.url))).text();
    expect(after).toContain("Cancels on");
    expect(after).toContain(">Resume<");

    await fetch(`${portal.url}/subscriptions/${subscription.id}/resume`, {
      method: "POST",
      redirect: "manual",
    });
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(false);
    const updates = await eventsOfType(h, "customer.subscription.updated");
    expect(updates.map((e) => (e.data.object as Stripe.Subscription).cancel_at_period_end)).toEqual([
      true,
      false,
    ]);
  });
});
