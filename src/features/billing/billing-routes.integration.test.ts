import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cancelRoute } from "@/app/api/stripe/cancel/route";
import { POST as checkoutRoute } from "@/app/api/stripe/checkout/route";
import { POST as portalRoute } from "@/app/api/stripe/portal/route";
import { POST as resumeRoute } from "@/app/api/stripe/resume/route";
import { createCast, createTestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import {
  CARD_OK,
  callRoute,
  membershipOf,
  type StripeHarness,
  sessionIdOf,
  startStripeHarness,
  subscribe,
  subscriptionsOf,
} from "../../../tests/helpers/stripe";
import { LIVE_STATUSES } from "./pick-subscription";

let h: StripeHarness;
let cast: Awaited<ReturnType<typeof createCast>>;
beforeAll(async () => {
  h = await startStripeHarness();
  cast = await createCast();
});
afterAll(async () => {
  await h?.close();
});

const routes = {
  checkout: [checkoutRoute, "/api/stripe/checkout"],
  portal: [portalRoute, "/api/stripe/portal"],
  cancel: [cancelRoute, "/api/stripe/cancel"],
  resume: [resumeRoute, "/api/stripe/resume"],
} as const;
type RouteName = keyof typeof routes;
const call = (name: RouteName, headers: Headers, body?: unknown) =>
  callRoute(routes[name][0], routes[name][1], headers, body);
const checkout = (headers: Headers, plan: unknown = "individual_monthly") =>
  call("checkout", headers, { plan });

const customersByEmail = async (email: string) => (await h.stripe.customers.list({ email, limit: 100 })).data;

describe("authorization for every billing route", () => {
  it.each(Object.keys(routes) as RouteName[])(
    "%s: 401 JSON for a visitor, and Stripe is not called",
    async (name) => {
      const customersBefore = (await h.stripe.customers.list({ limit: 100 })).data.length;
      const answer = await call(name, cast.visitor, { plan: "individual_monthly" });
      expect(answer).toEqual({
        status: 401,
        body: { error: { code: "unauthenticated", message: expect.any(String) } },
      });
      expect((await h.stripe.customers.list({ limit: 100 })).data.length).toBe(customersBefore);
    },
  );

  it("a stale or forged session cookie is a visitor", async () => {
    const forged = new Headers({ cookie: "better-auth.session_token=forged.signature" });
    expect((await checkout(forged)).status).toBe(401);
  });

  it.each(["member", "sales", "admin"] as const)(
    "checkout is open to any signed-in %s without a subscription",
    async (role) => {
      const answer = await checkout(cast[role].headers);
      expect(answer.status).toBe(200);
      expect(answer.body.url).toMatch(new RegExp(`^${h.emulator.url}/checkout/cs_`));
    },
  );

  it.each(["member", "sales", "admin"] as const)(
    "portal, cancel and resume answer a %s with no billing 409",
    async (role) => {
      const person = await createTestUser(
        role === "admin" ? { role: "admin" } : role === "sales" ? { isSales: true } : {},
      );
      for (const name of ["portal", "cancel", "resume"] as const) {
        expect(await call(name, person.headers), name).toEqual({
          status: 409,
          body: { error: { code: "conflict", message: expect.any(String) } },
        });
      }
    },
  );
});

describe("POST /api/stripe/checkout", () => {
  it("creates one customer and a subscription-mode session for the plan's price, returning to the app", async () => {
    const user = await createTestUser();
    const answer = await checkout(user.headers, "individual_yearly");
    expect(answer.status).toBe(200);
    const session = await h.stripe.checkout.sessions.retrieve(sessionIdOf(answer.body.url), {
      expand: ["line_items"],
    });
    const { stripe_customer_id } = await membershipOf(user.id);
    expect(session).toMatchObject({
      mode: "subscription",
      customer: stripe_customer_id,
      client_reference_id: user.id,
      success_url: "http://localhost:3000/settings/billing?checkout={CHECKOUT_SESSION_ID}",
      cancel_url: "http://localhost:3000/upgrade?checkout=canceled",
    });
    expect(session.line_items!.data.map((l) => l.price!.id)).toEqual([h.prices.individual_yearly]);
    expect(await customersByEmail(user.email)).toHaveLength(1);
    // The member has not paid: nothing has changed yet.
    expect((await membershipOf(user.id)).membership_status).toBe("trial");
  });

  it.each([
    ["an unknown plan key", "gold"],
    ["a price id instead of a key", "price_1Nfake"],
    ["a team plan", "team_monthly"],
    ["no plan", undefined],
  ])("answers 400 with a field error for %s, creating nothing", async (_what, plan) => {
    const user = await createTestUser();
    const answer = await call("checkout", user.headers, plan === undefined ? {} : { plan });
    expect(answer).toEqual({
      status: 400,
      body: { error: { code: "invalid", message: expect.any(String), fields: { plan: "Choose a plan." } } },
    });
    expect(await customersByEmail(user.email)).toEqual([]);
  });

  it("does not let the browser choose the price or the return URLs", async () => {
    const user = await createTestUser();
    const answer = await call("checkout", user.headers, {
      plan: "individual_monthly",
      price: h.prices.team_yearly,
      success_url: "https://evil.example/steal",
    });
    expect(answer.status).toBe(200);
    const session = await h.stripe.checkout.sessions.retrieve(sessionIdOf(answer.body.url), {
      expand: ["line_items"],
    });
    expect(session.success_url).toMatch(/^http:\/\/localhost:3000\//);
    expect(session.line_items!.data[0]!.price!.id).toBe(h.prices.individual_monthly);
  });

  it("answers 403 to a billing-exempt account and creates no customer", async () => {
    const comped = await createTestUser({ billingExempt: true });
    expect(await checkout(comped.headers)).toEqual({
      status: 403,
      body: { error: { code: "forbidden", message: expect.stringContaining("complimentary") } },
    });
    expect(await customersByEmail(comped.email)).toEqual([]);
  });

  it("answers 409 while the account has a live subscription (active or past_due)", async () => {
    const user = await createTestUser();
    await subscribe(h, user.headers);
    expect(await checkout(user.headers, "individual_yearly")).toEqual({
      status: 409,
      body: { error: { code: "conflict", message: expect.stringContaining("portal") } },
    });
  });

  it("answers 503 with a plain sentence when Stripe fails, and a retry works", async () => {
    const user = await createTestUser();
    await h.control("fail-next", { status: 500, path: "/v1/customers", method: "POST" });
    expect(await checkout(user.headers)).toEqual({
      status: 503,
      body: { error: { code: "unavailable", message: expect.stringContaining("could not be reached") } },
    });
    expect((await membershipOf(user.id)).stripe_customer_id).toBeNull();
    expect((await checkout(user.headers)).status).toBe(200);
  });

  it("a double click gets one customer and one checkout session", async () => {
    const user = await createTestUser();
    const answers = await Promise.all([checkout(user.headers), checkout(user.headers)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[0]!.body.url).toBe(answers[1]!.body.url);
    const customers = await customersByEmail(user.email);
    expect(customers).toHaveLength(1);
    expect((await membershipOf(user.id)).stripe_customer_id).toBe(customers[0]!.id);
  });

  it("two tabs checking out two plans at once: one customer and one payable session; two paid anyway end in one live subscription after the sync", async () => {
    const user = await createTestUser();
    const answers = await Promise.all([
      checkout(user.headers, "individual_monthly"),
      checkout(user.headers, "individual_yearly"),
    ]);
    // The tab that lost the race is told so (409) or was handed a session that has since been expired.
    for (const answer of answers) expect([200, 409]).toContain(answer.status);
    const customers = await customersByEmail(user.email);
    expect(customers).toHaveLength(1);

    const handedOut = answers.filter((a) => a.status === 200).map((a) => sessionIdOf(a.body.url));
    const paid = await Promise.all(
      handedOut.map((sessionId) => h.control("pay", { sessionId, card: CARD_OK })),
    );
    expect(paid.filter((p) => p.status === 200)).toHaveLength(1);
    // A second session made behind the app's back (checkout-duplicates.integration.test.ts has more).
    const stray = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customers[0]!.id,
      line_items: [{ price: h.prices.individual_yearly!, quantity: 1 }],
      success_url: "http://localhost:3000/settings/billing",
    });
    expect((await h.control("pay", { sessionId: stray.id, card: CARD_OK })).status).toBe(200);
    await h.settle();

    const subscriptions = await subscriptionsOf(h.stripe, customers[0]!.id);
    expect(subscriptions).toHaveLength(2);
    const live = subscriptions.filter((s) => LIVE_STATUSES.has(s.status));
    expect(live).toHaveLength(1);
    const profile = await membershipOf(user.id);
    expect(profile).toMatchObject({ membership_status: "active", stripe_subscription_id: live[0]!.id });
    const duplicates = await systemRows<{ details: { subscription: string } }>(
      sql`select details from audit_log where subject_id = ${user.id} and action = 'billing.duplicate_subscription_canceled'`,
    );
    expect(duplicates.map((d) => d.details.subscription)).toEqual(
      subscriptions.filter((s) => s.status === "canceled").map((s) => s.id),
    );
  });

  it("a second checkout after the first was paid is refused with 409 even from a stale tab", async () => {
    const user = await createTestUser();
    const stale = await checkout(user.headers, "individual_yearly");
    await subscribe(h, user.headers, { plan: "individual_monthly" });
    expect((await checkout(user.headers, "individual_yearly")).status).toBe(409);
    // Paying the stale session anyway leaves one live subscription once synced.
    await h.control("pay", { sessionId: sessionIdOf(stale.body.url) });
    await h.settle();
    const { stripe_customer_id } = await membershipOf(user.id);
    const live = (await subscriptionsOf(h.stripe, stripe_customer_id!)).filter((s) =>
      LIVE_STATUSES.has(s.status),
    );
    expect(live).toHaveLength(1);
  });
});

describe("portal, cancel and resume", () => {
  it("portal opens the customer's portal, returning to the billing page", async () => {
    const user = await createTestUser();
    const { customer } = await subscribe(h, user.headers);
    const answer = await call("portal", user.headers);
    expect(answer.status).toBe(200);
    expect(answer.body.url).toMatch(new RegExp(`^${h.emulator.url}/portal/`));
    const page = await (await fetch(answer.body.url)).text();
    expect(page).toContain("http://localhost:3000/settings/billing");
    expect(customer).toBe((await membershipOf(user.id)).stripe_customer_id);
  });

  it("portal works for a customer with no live subscription (past invoices), but not without a customer", async () => {
    const user = await createTestUser();
    await checkout(user.headers);
    expect((await call("portal", user.headers)).status).toBe(200);
    expect((await call("cancel", user.headers)).status).toBe(409);
    expect((await call("resume", user.headers)).status).toBe(409);
  });

  it("cancel and resume change Stripe and the account, and answer the confirmed state", async () => {
    const user = await createTestUser();
    const { subscription } = await subscribe(h, user.headers);
    expect(await call("cancel", user.headers)).toEqual({
      status: 200,
      body: { ok: true, cancelAtPeriodEnd: true, membershipStatus: "active" },
    });
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true);
    expect(await call("resume", user.headers)).toEqual({
      status: 200,
      body: { ok: true, cancelAtPeriodEnd: false, membershipStatus: "active" },
    });
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(false);
  });

  it("cancel and resume answer 409 once the subscription has ended", async () => {
    const user = await createTestUser();
    const { subscription } = await subscribe(h, user.headers);
    await h.stripe.subscriptions.cancel(subscription.id);
    await h.settle();
    expect((await membershipOf(user.id)).membership_status).toBe("inactive");
    for (const name of ["cancel", "resume"] as const) {
      expect(await call(name, user.headers), name).toEqual({
        status: 409,
        body: { error: { code: "conflict", message: expect.any(String) } },
      });
    }
  });

  it("cancel answers 503 when Stripe fails, and nothing changes", async () => {
    const user = await createTestUser();
    const { subscription } = await subscribe(h, user.headers);
    await h.control("fail-next", {
      status: 500,
      path: `/v1/subscriptions/${subscription.id}`,
      method: "POST",
    });
    expect((await call("cancel", user.headers)).status).toBe(503);
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(false);
    expect((await membershipOf(user.id)).cancel_at_period_end).toBe(false);
  });

  it("one member cannot cancel another's subscription: the routes act only on the caller's own account", async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    const { subscription } = await subscribe(h, owner.headers);
    expect(
      (await call("cancel", other.headers, { subscriptionId: subscription.id, userId: owner.id })).status,
    ).toBe(409);
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(false);
  });
});

describe("checkout again after a subscription ended", () => {
  it("gets a new, open checkout session, not the completed one from minutes ago", async () => {
    const user = await createTestUser();
    const { subscription, sessionId } = await subscribe(h, user.headers);
    await h.stripe.subscriptions.cancel(subscription.id);
    await h.settle();
    const again = await checkout(user.headers);
    expect(again.status).toBe(200);
    expect(sessionIdOf(again.body.url)).not.toBe(sessionId);
    expect((await h.stripe.checkout.sessions.retrieve(sessionIdOf(again.body.url))).status).toBe("open");
    expect((await h.control("pay", { sessionId: sessionIdOf(again.body.url) })).status).toBe(200);
    await h.settle();
    expect((await membershipOf(user.id)).membership_status).toBe("active");
  });
});
