// Buying seats for a team (SPEC §5–6) through the real routes, against the Stripe emulator: who may, for
// how many seats, one customer and one open session per team, and what paying does, by webhook or by the
// return from checkout. Portal, cancel and resume with a team, and the team page's billing read.
import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cancelRoute } from "@/app/api/stripe/cancel/route";
import { POST as portalRoute } from "@/app/api/stripe/portal/route";
import { POST as resumeRoute } from "@/app/api/stripe/resume/route";
import { getDb } from "@/db/client";
import { syncStripeCustomer } from "@/features/billing/sync-stripe-customer";
import * as teamBillingOperations from "@/server/operations/team-billing";
import { teamBillingOperation, teamCheckoutReturnOperation } from "@/server/operations/team-billing";
import { createTestUser, type TestUser, uniqueEmail } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { createLead } from "../../../tests/helpers/leads";
import {
  callRoute,
  type StripeHarness,
  sessionIdOf,
  startStripeHarness,
  subscribeTeam,
  subscriptionsOf,
  teamCheckout,
} from "../../../tests/helpers/stripe";
import {
  addInvitation,
  addMembers,
  createUnpaidTeam,
  expireInvitation,
  hasAccess,
  teamBillingOf,
} from "../../../tests/helpers/teams";
import type { Operation } from "../../server/operations/define-operation";

let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

/** People whose own membership has lapsed: a team seat is their only way in. */
const lapsed = (name: string, extra: Parameters<typeof createTestUser>[0] = {}) =>
  createTestUser({ name, membershipStatus: "inactive", ...extra });

/** A team with an owner, an admin, a member and a billing-exempt admin, before anyone paid. */
async function cast() {
  const [owner, admin, member, exempt, outsider] = await Promise.all([
    lapsed("Olga"),
    lapsed("Ada"),
    lapsed("Max"),
    lapsed("Eve", { billingExempt: true }),
    lapsed("Otto"),
  ]);
  const team = await createUnpaidTeam(owner!);
  await addMembers(team.id, [admin!, exempt!], "admin");
  await addMembers(team.id, [member!]);
  return { team, owner: owner!, admin: admin!, member: member!, exempt: exempt!, outsider: outsider! };
}

const openSessionsOf = async (customer: string) =>
  (await h.stripe.checkout.sessions.list({ customer, status: "open", limit: 100 })).data;

const teamCustomers = async (teamId: string) =>
  (await h.stripe.customers.list({ limit: 100 })).data.filter((c) => c.metadata.frontdeskTeamId === teamId);

const periodEndOf = (sub: Stripe.Subscription) => new Date(sub.items.data[0]!.current_period_end * 1000);

describe("POST /api/stripe/checkout-org", () => {
  it("gives the owner and an admin the team's Checkout Session, for the plan's price and the seats, back to the team page", async () => {
    const { team, owner, admin } = await cast();
    const byOwner = await teamCheckout(owner.headers, { teamId: team.id, plan: "team_monthly", seats: 4 });
    expect(byOwner.status).toBe(200);
    expect(byOwner.body).toEqual({ ok: true, url: expect.stringMatching(/\/checkout\/cs_/) });
    const session = await h.stripe.checkout.sessions.retrieve(sessionIdOf(byOwner.body.url), {
      expand: ["line_items"],
    });
    const billing = await teamBillingOf(team.id);
    expect(session).toMatchObject({
      mode: "subscription",
      customer: billing!.stripe_customer_id,
      client_reference_id: team.id,
      success_url: `http://localhost:3000/team/${team.id}?checkout={CHECKOUT_SESSION_ID}`,
      cancel_url: `http://localhost:3000/team/${team.id}?checkout=canceled`,
    });
    expect(session.line_items!.data.map((l) => [l.price!.id, l.quantity])).toEqual([
      [h.prices.team_monthly, 4],
    ]);
    // Nothing is paid yet: the team is as it was.
    expect(billing).toMatchObject({ billing_status: "none", seats_paid: 0, stripe_subscription_id: null });

    // The admin asking for the same gets the same session; one customer, one open session.
    const byAdmin = await teamCheckout(admin.headers, { teamId: team.id, plan: "team_monthly", seats: 4 });
    expect(byAdmin.body.url).toBe(byOwner.body.url);
    expect(await teamCustomers(team.id)).toHaveLength(1);
    expect(await openSessionsOf(billing!.stripe_customer_id!)).toHaveLength(1);

    // Another plan or number of seats replaces it: still one open session, the newest.
    const yearly = await teamCheckout(admin.headers, { teamId: team.id, plan: "team_yearly", seats: 5 });
    expect(yearly.status).toBe(200);
    const open = await openSessionsOf(billing!.stripe_customer_id!);
    expect(open.map((s) => s.id)).toEqual([sessionIdOf(yearly.body.url)]);
    expect(await teamCustomers(team.id)).toHaveLength(1);
  });

  it("refuses a member and an outsider (403), a visitor (401) and a billing-exempt admin (403), creating nothing", async () => {
    const { team, member, exempt, outsider } = await cast();
    const body = { teamId: team.id, plan: "team_monthly", seats: 4 };
    for (const [who, headers] of [
      ["member", member.headers],
      ["outsider", outsider.headers],
      ["exempt admin", exempt.headers],
    ] as const) {
      expect(await teamCheckout(headers, body), who).toEqual({
        status: 403,
        body: { error: { code: "forbidden", message: expect.stringMatching(/^[A-Z].+\.$/) } },
      });
    }
    expect((await teamCheckout(exempt.headers, body)).body.error).toMatchObject({
      message: expect.stringContaining("complimentary"),
    });
    expect(await teamCheckout(new Headers(), body)).toMatchObject({
      status: 401,
      body: { error: { code: "unauthenticated" } },
    });
    // A team that does not exist answers as one the caller does not manage.
    expect(
      (await teamCheckout(member.headers, { ...body, teamId: "00000000-0000-4000-8000-000000000000" }))
        .status,
    ).toBe(403);
    expect((await teamBillingOf(team.id))!.stripe_customer_id).toBeNull();
    expect(await teamCustomers(team.id)).toEqual([]);
  });

  it("needs at least the seats in use: members and pending invitations, not expired ones", async () => {
    const { team, owner } = await cast();
    // Owner, two admins and a member: 4 members; one pending invitation and one expired.
    await addInvitation(team.id, uniqueEmail("pending"));
    await expireInvitation(await addInvitation(team.id, uniqueEmail("expired")));
    const refused = await teamCheckout(owner.headers, { teamId: team.id, plan: "team_monthly", seats: 4 });
    const sentence = "5 seats are in use (4 members and 1 pending invitation), so buy at least 5 seats.";
    expect(refused).toEqual({
      status: 400,
      body: { error: { code: "invalid", message: sentence, fields: { seats: sentence } } },
    });
    expect(await teamCustomers(team.id)).toEqual([]);
    expect(
      (await teamCheckout(owner.headers, { teamId: team.id, plan: "team_monthly", seats: 5 })).status,
    ).toBe(200);
  });

  it.each([
    ["an individual plan", { plan: "individual_monthly" }, "plan"],
    ["a price id", { plan: "price_1Nfake" }, "plan"],
    ["no plan", { plan: undefined }, "plan"],
    ["no seats", { seats: undefined }, "seats"],
    ["zero seats", { seats: 0 }, "seats"],
    ["a fraction of a seat", { seats: 2.5 }, "seats"],
    ["seats as text", { seats: "5" }, "seats"],
  ])("answers 400 with a field error for %s", async (_what, change, field) => {
    const { team, owner } = await cast();
    const answer = await teamCheckout(owner.headers, {
      teamId: team.id,
      plan: "team_monthly",
      seats: 5,
      ...change,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: "invalid",
      fields: { [field]: expect.stringMatching(/^[A-Z].+\.$/) },
    });
  });

  it("does not let the browser choose the price or the return URLs", async () => {
    const { team, owner } = await cast();
    const answer = await teamCheckout(owner.headers, {
      teamId: team.id,
      plan: "team_monthly",
      seats: 4,
      price: h.prices.individual_monthly,
      success_url: "https://evil.example/steal",
    });
    const session = await h.stripe.checkout.sessions.retrieve(sessionIdOf(answer.body.url), {
      expand: ["line_items"],
    });
    expect(session.success_url).toMatch(/^http:\/\/localhost:3000\/team\//);
    expect(session.line_items!.data[0]!.price!.id).toBe(h.prices.team_monthly);
  });
});

describe("paying for the seats", () => {
  it("the webhooks' sync makes the team active with the seats paid and the period end; the seats give access in order", async () => {
    const { team, owner, admin, member, exempt } = await cast();
    expect(await hasAccess(owner)).toBe(false);
    const { subscription, customer } = await subscribeTeam(h, owner.headers, team.id, { seats: 4 });
    // Joined past the seats paid (as a change made in Stripe would leave it).
    const late = await lapsed("Lou");
    await addMembers(team.id, [late]);
    expect(subscription.items.data[0]!.quantity).toBe(4);
    expect(await teamBillingOf(team.id)).toEqual({
      billing_status: "active",
      seats_paid: 4,
      stripe_customer_id: customer,
      stripe_subscription_id: subscription.id,
      stripe_price_id: h.prices.team_monthly,
      billing_period_end: periodEndOf(subscription),
      cancel_at_period_end: false,
      grace_ends_at: null,
    });
    // Owner, then by join order: admin, exempt admin, member hold the 4 seats; the last to join has none.
    for (const seated of [owner, admin, member]) expect(await hasAccess(seated), seated.name).toBe(true);
    expect(await hasAccess(late)).toBe(false);
    expect(await hasAccess(exempt)).toBe(true);

    const audit = await systemRows<{ action: string; details: Record<string, unknown> }>(
      sql`select action, details from audit_log where subject_type = 'team' and subject_id = ${team.id}
            and action in ('team.billing_changed', 'team.seats_synced') order by created_at`,
    );
    expect(audit).toEqual([
      {
        action: "team.billing_changed",
        details: { team: team.name, from: "none", to: "active", subscription: subscription.id },
      },
      {
        action: "team.seats_synced",
        details: { team: team.name, seatsFrom: 0, seatsTo: 4, subscription: subscription.id },
      },
    ]);
  });

  it("the return from checkout syncs at once, before any webhook, only for the team's own session and its members", async () => {
    const { team, owner, member, outsider } = await cast();
    const other = await cast();
    await h.setDelivery(false);
    try {
      const started = await teamCheckout(owner.headers, { teamId: team.id, plan: "team_yearly", seats: 4 });
      const sessionId = sessionIdOf(started.body.url);
      expect((await h.control("pay", { sessionId })).status).toBe(200);
      expect((await teamBillingOf(team.id))!.billing_status).toBe("none");
      // Another team's session, a stranger, or something that is not a session id: nothing happens.
      await teamCheckout(other.owner.headers, { teamId: other.team.id, plan: "team_monthly", seats: 4 });
      expect(
        await teamCheckoutReturnOperation(other.owner.headers, { teamId: other.team.id, sessionId }),
      ).toEqual({ ok: true, synced: false });
      expect(await teamCheckoutReturnOperation(outsider.headers, { teamId: team.id, sessionId })).toEqual({
        ok: true,
        synced: false,
      });
      expect(
        await teamCheckoutReturnOperation(owner.headers, {
          teamId: team.id,
          sessionId: "cs_x'; drop table teams",
        }),
      ).toEqual({ ok: true, synced: false });
      expect((await teamBillingOf(team.id))!.billing_status).toBe("none");
      // Any member of the team may come back to the page with it.
      expect(await teamCheckoutReturnOperation(member.headers, { teamId: team.id, sessionId })).toEqual({
        ok: true,
        synced: true,
      });
      expect(await teamBillingOf(team.id)).toMatchObject({
        billing_status: "active",
        seats_paid: 4,
        stripe_price_id: h.prices.team_yearly,
      });
      expect((await teamBillingOf(other.team.id))!.billing_status).toBe("none");
    } finally {
      await h.setDelivery(true);
    }
  });

  it("answers 409 while the team has a live subscription, and opens no session", async () => {
    const { team, owner, admin } = await cast();
    const { customer } = await subscribeTeam(h, owner.headers, team.id, { seats: 4 });
    const again = await teamCheckout(admin.headers, { teamId: team.id, plan: "team_yearly", seats: 5 });
    expect(again).toEqual({
      status: 409,
      body: { error: { code: "conflict", message: expect.stringContaining("already has a subscription") } },
    });
    expect(await openSessionsOf(customer)).toEqual([]);
    expect((await subscriptionsOf(h.stripe, customer)).length).toBe(1);
  });

  it("a team whose customer paid twice (an old link) keeps one subscription; the other is canceled and refunded", async () => {
    const { team, owner } = await cast();
    const { customer, subscription } = await subscribeTeam(h, owner.headers, team.id, { seats: 4 });
    // A session made outside the app, paid anyway.
    const extra = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      customer,
      line_items: [{ price: h.prices.team_monthly, quantity: 2 }],
      success_url: "http://localhost:3000/team",
    });
    expect((await h.control("pay", { sessionId: extra.id })).status).toBe(200);
    await h.settle();
    const subs = await subscriptionsOf(h.stripe, customer);
    const duplicate = subs.find((s) => s.id !== subscription.id)!;
    expect(duplicate.status).toBe("canceled");
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
    expect(await teamBillingOf(team.id)).toMatchObject({
      billing_status: "active",
      seats_paid: 4,
      stripe_subscription_id: subscription.id,
    });
    const audit = await systemRows<{ action: string; details: { subscription: string; amount?: number } }>(
      sql`select action, details from audit_log where subject_type = 'team' and subject_id = ${team.id}
            and action like 'billing.duplicate_%' order by created_at`,
    );
    expect(audit).toMatchObject([
      { action: "billing.duplicate_subscription_canceled", details: { subscription: duplicate.id } },
      { action: "billing.duplicate_refunded", details: { subscription: duplicate.id, amount: 2 * 2400 } },
    ]);
  });
});

describe("closed loop: a team owned by a lead's account starts paying", () => {
  async function leadOwner(name: string) {
    const email = uniqueEmail("lead");
    await createLead({ name, email });
    const owner = await createTestUser({ name, email, membershipStatus: "inactive" });
    const [lead] = await systemRows<{ id: string; status: string }>(
      sql`select id, status from leads where email = ${email}`,
    );
    expect(lead?.status).toBe("converted");
    return { owner, leadId: lead!.id };
  }

  const startedPaying = (leadId: string) =>
    systemRows<{ actor_id: string | null; from_status: string; to_status: string; details: object }>(
      sql`select actor_id, from_status, to_status, details from lead_events
          where lead_id = ${leadId} and type = 'started_paying'`,
    );

  it("moves the lead to closed_won once, recording seats × unit amount a month", async () => {
    const { owner, leadId } = await leadOwner("Lena Lead");
    const team = await createUnpaidTeam(owner);
    const { subscription } = await subscribeTeam(h, owner.headers, team.id, { seats: 3 });
    const [lead] = await systemRows<{ status: string }>(sql`select status from leads where id = ${leadId}`);
    expect(lead?.status).toBe("closed_won");
    expect(await startedPaying(leadId)).toEqual([
      {
        actor_id: null,
        from_status: "converted",
        to_status: "closed_won",
        details: {
          userId: owner.id,
          teamId: team.id,
          subscription: subscription.id,
          seats: 3,
          monthlyAmount: 3 * 2400,
          currency: "usd",
        },
      },
    ]);
    // Another sync (a later webhook, reconcile) does not win it again.
    await syncStripeCustomer(await getDb(), h.stripe, subscription.customer as string);
    expect(await startedPaying(leadId)).toHaveLength(1);
  });

  it("a yearly team plan counts a twelfth of the year a month", async () => {
    const { owner, leadId } = await leadOwner("Yuri Yearly");
    const team = await createUnpaidTeam(owner);
    await subscribeTeam(h, owner.headers, team.id, { plan: "team_yearly", seats: 2 });
    expect(await startedPaying(leadId)).toMatchObject([
      {
        details: { teamId: team.id, seats: 2, monthlyAmount: Math.round((2 * 24000) / 12), currency: "usd" },
      },
    ]);
  });
});

describe("portal, cancel and resume for a team", () => {
  const routes = {
    portal: [portalRoute, "/api/stripe/portal"],
    cancel: [cancelRoute, "/api/stripe/cancel"],
    resume: [resumeRoute, "/api/stripe/resume"],
  } as const;
  const call = (name: keyof typeof routes, user: TestUser | Headers, body?: unknown) =>
    callRoute(routes[name][0], routes[name][1], user instanceof Headers ? user : user.headers, body);

  it("act on the team's customer and subscription for its owner and admins", async () => {
    const { team, owner, admin } = await cast();
    const { subscription, customer } = await subscribeTeam(h, owner.headers, team.id, { seats: 4 });
    const portal = await call("portal", admin, { teamId: team.id });
    expect(portal.status).toBe(200);
    expect(portal.body.url).toMatch(new RegExp(`^${h.emulator.url}/portal/`));
    // The team customer's portal: its subscription with the seats.
    const page = await (await fetch(portal.body.url)).text();
    expect(page).toContain("× 4");

    expect(await call("cancel", admin, { teamId: team.id })).toEqual({
      status: 200,
      body: { ok: true, cancelAtPeriodEnd: true, billingStatus: "active" },
    });
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true);
    expect((await teamBillingOf(team.id))!.cancel_at_period_end).toBe(true);
    expect(await call("resume", owner, { teamId: team.id })).toEqual({
      status: 200,
      body: { ok: true, cancelAtPeriodEnd: false, billingStatus: "active" },
    });
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(false);
    expect((await teamBillingOf(team.id))!.cancel_at_period_end).toBe(false);
    // Without a team they keep acting on the caller's own billing, which this owner has none of.
    expect((await call("cancel", owner)).status).toBe(409);
    expect((await call("portal", owner, {})).status).toBe(409);
    expect((await h.stripe.subscriptions.list({ customer, limit: 10 })).data).toHaveLength(1);
  });

  it("refuse members and outsiders (403) and visitors (401); a team without a subscription is 409", async () => {
    const { team, owner, member, outsider } = await cast();
    for (const name of ["portal", "cancel", "resume"] as const) {
      expect((await call(name, member, { teamId: team.id })).status, name).toBe(403);
      expect((await call(name, outsider, { teamId: team.id })).status, name).toBe(403);
      expect((await call(name, new Headers(), { teamId: team.id })).status, name).toBe(401);
      expect(await call(name, owner, { teamId: team.id }), name).toEqual({
        status: 409,
        body: { error: { code: "conflict", message: expect.stringMatching(/^This team has no .+\.$/) } },
      });
    }
    expect((await call("cancel", owner, { teamId: "" })).status).toBe(400);
  });
});

describe("the team page's billing", () => {
  it("shows owners and admins the plan, the invoices and that payments work; members and outsiders are refused", async () => {
    const { team, owner, admin, member, outsider } = await cast();
    expect(await teamBillingOperation(owner.headers, { teamId: team.id })).toEqual({
      ok: true,
      plan: null,
      invoices: [],
      paymentsConfigured: true,
    });
    await subscribeTeam(h, owner.headers, team.id, { seats: 4 });
    const seen = await teamBillingOperation(admin.headers, { teamId: team.id });
    expect(seen).toMatchObject({
      ok: true,
      plan: { key: "team_monthly" },
      invoices: [{ amount: 4 * 2400, currency: "usd", status: "paid", url: expect.any(String) }],
      paymentsConfigured: true,
    });
    expect(seen).not.toHaveProperty("pendingSeatChange");
    for (const who of [member, outsider]) {
      expect(await teamBillingOperation(who.headers, { teamId: team.id })).toMatchObject({
        ok: false,
        code: "forbidden",
      });
    }
  });
});

describe("the team billing operations", () => {
  const operations = Object.values(teamBillingOperations).filter(
    (value): value is Operation<object> => typeof value === "function" && "access" in value,
  );

  it.each(operations.map((op) => [op.operationName, op] as const))(
    "%s needs a session and refuses a visitor before it reads its input",
    async (_name, op) => {
      expect(op.access).toBe("signed-in");
      expect(await op(new Headers(), { anything: "at all" })).toMatchObject({
        ok: false,
        code: "unauthenticated",
      });
    },
  );
});
