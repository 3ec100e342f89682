import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemRows } from "../../tests/helpers/db";
import {
  membershipOf,
  type StripeHarness,
  startStripeHarness,
  stripeEventRows,
} from "../../tests/helpers/stripe";
import { teamBillingOf } from "../../tests/helpers/teams";
import { getAuth } from "../auth/auth";
import { getActor } from "../auth/session";
import { getDb } from "../db/client";
import { memberAccess } from "../features/accounts/access";
import { gateDecision } from "../features/accounts/gate";
import { loadActor } from "../features/accounts/load-actor";
import { listInvoices } from "../features/billing/list-invoices";
import { GRACE_DAYS } from "../features/billing/membership-state";
import { openBillingPortal } from "../features/billing/open-billing-portal";
import { planOfPrice } from "../features/billing/plan-of-price";
import { reconcileBilling } from "../features/billing/reconcile-billing";
import { getTeamBilling } from "../features/team-billing/get-team-billing";
import { getTeam } from "../features/teams/get-team";
import { DEMO_PASSWORD } from "./demo-accounts";
import { seedDemo } from "./seed-demo";

let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

const DAY = 86_400_000;

describe("demo data in Stripe", () => {
  it("makes the paying, past-due and comped members and the team real in Stripe, so reconcile finds no drift", async () => {
    const db = await getDb();
    const started = Date.now();
    expect(await seedDemo(db, await getAuth(), { stripe: h.stripe, emulatorUrl: h.emulator.url })).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000);
    // The webhooks the seed caused have been handled too, before anything is compared.
    await h.settle();

    const accounts = await systemRows<{ id: string; email: string }>(sql`select id, email from users`);
    const idOf = (name: string) => accounts.find((a) => a.email === `${name}@frontdesk.test`)!.id;

    // otto came from a lead: the team's first payment won it for the rep who owned it, and the team's
    // seats × price is that lead's recurring revenue.
    const [ottoLead] = await systemRows<{ status: string; won_by: string | null; claimed_by: string | null }>(
      sql`select status, won_by, claimed_by from leads where user_id = ${idOf("otto")}`,
    );
    expect(ottoLead).toMatchObject({ status: "closed_won" });
    expect(ottoLead!.won_by).toBe(ottoLead!.claimed_by);
    expect(ottoLead!.won_by).not.toBeNull();
    const [teamMrr] = await systemRows<{ seats_paid: number; mrr_amount: number; mrr_currency: string }>(
      sql`select seats_paid, mrr_amount, mrr_currency from teams`,
    );
    expect(teamMrr!.mrr_amount).toBe(teamMrr!.seats_paid * 2400);
    const revenue = await systemRows<{ currency: string; amount: number }>(
      sql`select r.currency, r.amount::int as amount from lead_revenue r join leads l on l.id = r.lead_id
          where l.user_id = ${idOf("otto")}`,
    );
    expect(revenue).toEqual([{ currency: teamMrr!.mrr_currency, amount: teamMrr!.mrr_amount }]);
    const actorOf = async (name: string) => (await loadActor(db, idOf(name)))!;

    // andy: a customer with an active subscription, its plan and its paid invoice.
    const andy = await membershipOf(idOf("andy"));
    expect(andy).toMatchObject({
      membership_status: "active",
      grace_ends_at: null,
      cancel_at_period_end: false,
    });
    expect(andy.stripe_customer_id).toMatch(/^cus_/);
    // The sync records what andy's subscription brings in per month (Individual, monthly: $29).
    const [andyMrr] = await systemRows<{ mrr_amount: number; mrr_currency: string }>(
      sql`select mrr_amount, mrr_currency from profiles where id = ${idOf("andy")}`,
    );
    expect(andyMrr).toEqual({ mrr_amount: 2900, mrr_currency: "usd" });
    const andySub = await h.stripe.subscriptions.retrieve(andy.stripe_subscription_id!);
    expect(andySub).toMatchObject({ status: "active", customer: andy.stripe_customer_id });
    expect(andy.billing_period_end?.getTime()).toBe(andySub.items.data[0]!.current_period_end * 1000);
    expect((await planOfPrice(h.stripe, andy.stripe_price_id))?.key).toBe("individual_monthly");
    const andyInvoices = await listInvoices(h.stripe, andy.stripe_customer_id!);
    expect(andyInvoices?.map((i) => [i.status, i.amount])).toEqual([["paid", 2900]]);
    expect(await openBillingPortal(db, h.stripe, await actorOf("andy"))).toMatchObject({ ok: true });

    // pat: a renewal that failed in Stripe, so past_due with an open invoice, and the app's grace from now.
    const pat = await membershipOf(idOf("pat"));
    expect(pat.membership_status).toBe("past_due");
    expect(pat.stripe_customer_id).toMatch(/^cus_/);
    const graceLeft = pat.grace_ends_at!.getTime() - Date.now();
    expect(graceLeft).toBeGreaterThan(GRACE_DAYS * DAY - 5 * 60_000);
    expect(graceLeft).toBeLessThanOrEqual(GRACE_DAYS * DAY);
    const patSub = await h.stripe.subscriptions.retrieve(pat.stripe_subscription_id!, {
      expand: ["latest_invoice"],
    });
    expect(patSub.status).toBe("past_due");
    expect(patSub.latest_invoice).toMatchObject({ status: "open", billing_reason: "subscription_cycle" });
    expect(pat.billing_period_end?.getTime()).toBe(patSub.items.data[0]!.current_period_end * 1000);
    const patInvoices = await listInvoices(h.stripe, pat.stripe_customer_id!);
    expect(patInvoices?.map((i) => i.status).sort()).toEqual(["open", "paid"]);
    const portal = await openBillingPortal(db, h.stripe, await actorOf("pat"));
    expect(portal.ok && portal.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/portal\//);
    expect(memberAccess(await actorOf("pat"))).toEqual({ allowed: true, reason: "grace" });

    // carla: comped by the admin's toggle during her trial, which made her active; nothing in Stripe.
    const carla = await membershipOf(idOf("carla"));
    expect(carla).toMatchObject({
      membership_status: "active",
      billing_exempt: true,
      stripe_customer_id: null,
    });
    const [comp] = await systemRows<{ actor_id: string; reason: string }>(
      sql`select actor_id, details->>'reason' as reason from audit_log
          where action = 'billing.exemption_on' and subject_id = ${idOf("carla")}`,
    );
    expect(comp).toEqual({ actor_id: idOf("admin"), reason: "Design partner" });

    // Everyone else holds no Stripe customer and claims no paid plan: staff have access by role.
    for (const name of ["admin", "sam", "rita", "ivan"]) {
      expect(await membershipOf(idOf(name))).toMatchObject({
        membership_status: "inactive",
        stripe_customer_id: null,
      });
    }
    expect(memberAccess(await actorOf("admin")).reason).toBe("admin");
    expect(memberAccess(await actorOf("sam")).reason).toBe("sales");
    expect(memberAccess(await actorOf("tina"))).toEqual({ allowed: true, reason: "trial" });
    expect(memberAccess(await actorOf("eve"))).toEqual({ allowed: false, reason: "trial_ended" });
    expect(memberAccess(await actorOf("ivan"))).toEqual({ allowed: false, reason: "inactive" });

    // Acme Robotics: otto bought 5 seats on team_monthly through team checkout, paid with 4242; the team's
    // own customer holds the subscription, and the database's seats are what Stripe says.
    const teams = await systemRows<{ id: string; name: string; owner_id: string }>(
      sql`select id, name, owner_id from teams`,
    );
    expect(teams.map((t) => [t.name, t.owner_id])).toEqual([["Acme Robotics", idOf("otto")]]);
    const teamId = teams[0]!.id;
    const team = (await teamBillingOf(teamId))!;
    expect(team).toMatchObject({
      billing_status: "active",
      seats_paid: 5,
      cancel_at_period_end: false,
      grace_ends_at: null,
    });
    expect(team.stripe_customer_id).toMatch(/^cus_/);
    const teamSub = await h.stripe.subscriptions.retrieve(team.stripe_subscription_id!);
    expect(teamSub).toMatchObject({
      status: "active",
      customer: team.stripe_customer_id,
      cancel_at_period_end: false,
      metadata: { frontdeskTeamId: teamId, plan: "team_monthly" },
    });
    expect(teamSub.items.data.map((i) => [i.price.id, i.quantity])).toEqual([[h.prices.team_monthly, 5]]);
    expect(team.stripe_price_id).toBe(h.prices.team_monthly);
    expect(team.billing_period_end?.getTime()).toBe(teamSub.items.data[0]!.current_period_end * 1000);
    const teamInvoices = await listInvoices(h.stripe, team.stripe_customer_id!);
    expect(teamInvoices?.map((i) => [i.status, i.amount])).toEqual([["paid", 5 * 2400]]);
    const teamBilling = await getTeamBilling(db, h.stripe, await actorOf("otto"), { teamId });
    expect(teamBilling.ok && teamBilling.plan?.key).toBe("team_monthly");

    // 3 of 5 seats used, as the team page shows it: otto and tess, and nora's invitation, pending.
    const page = await getTeam(db, await actorOf("otto"), { teamId });
    if (!page.ok) throw new Error(page.message);
    expect(page.team.seats).toEqual({ members: 2, pending: 1, used: 3, paid: 5, free: 2 });
    expect(page.team.members.map((m) => [m.email, m.role, m.holdsSeat])).toEqual([
      ["otto@frontdesk.test", "owner", true],
      ["tess@frontdesk.test", "member", true],
    ]);
    expect(page.team.invitations?.map((i) => [i.email, i.role, i.expired])).toEqual([
      ["nora@frontdesk.test", "member", false],
    ]);
    const invitations = await systemRows<{
      email: string;
      accepted_by: string | null;
      revoked: boolean;
      days_left: number;
    }>(
      sql`select email, accepted_by, revoked_at is not null as revoked,
                 extract(epoch from expires_at - now()) / 86400 as days_left
          from team_invitations where team_id = ${teamId} order by created_at`,
    );
    expect(invitations.map((i) => [i.email, i.accepted_by, i.revoked])).toEqual([
      ["tess@frontdesk.test", idOf("tess"), false],
      ["nora@frontdesk.test", null, false],
    ]);
    expect(Number(invitations[1]!.days_left)).toBeGreaterThan(6.99);
    expect(accounts.some((a) => a.email === "nora@frontdesk.test")).toBe(false);
    const [noraMail] = await systemRows<{ n: number }>(
      sql`select count(*)::int as n from mail_outbox where to_address = 'nora@frontdesk.test' and kind = 'team_invitation'`,
    );
    expect(noraMail!.n).toBe(1);
    // All through the app's own functions, each of which audits what it did.
    const teamAudit = await systemRows<{ action: string; actor_id: string | null; email: string | null }>(
      sql`select action, actor_id, details->>'email' as email from audit_log
          where subject_id = ${teamId} and (action = 'team.created' or action like 'team.invitation%')`,
    );
    expect(teamAudit.map((a) => [a.action, a.actor_id, a.email]).sort()).toEqual([
      ["team.created", idOf("otto"), null],
      ["team.invitation_accepted", idOf("tess"), "tess@frontdesk.test"],
      ["team.invitation_sent", idOf("otto"), "nora@frontdesk.test"],
      ["team.invitation_sent", idOf("otto"), "tess@frontdesk.test"],
    ]);

    // otto and tess: their own trials are long over and they hold no Stripe customer; their demo logins
    // reach the member area through the team's seats, as the gate reads the session.
    for (const name of ["otto", "tess"]) {
      expect(await membershipOf(idOf(name))).toMatchObject({
        membership_status: "inactive",
        stripe_customer_id: null,
      });
      // Confirming the address signed them in; they signed out, so no session was left behind.
      const [sessions] = await systemRows<{ n: number }>(
        sql`select count(*)::int as n from sessions where user_id = ${idOf(name)}`,
      );
      expect(sessions!.n).toBe(0);
      const login = await (await getAuth()).api.signInEmail({
        body: { email: `${name}@frontdesk.test`, password: DEMO_PASSWORD },
        asResponse: true,
      });
      const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
      const actor = (await getActor(new Headers({ cookie })))!;
      expect(actor).toMatchObject({ emailVerified: true, hasTeamSeat: true });
      expect(memberAccess(actor)).toEqual({ allowed: true, reason: "team_seat" });
      expect(gateDecision("/dashboard", "", actor)).toEqual({ action: "pass" });
    }

    // `npm run reconcile` on the fresh demo: nothing to repair (andy, pat and the team), nothing failed.
    const report = await reconcileBilling(db, h.stripe, null);
    expect(report).toEqual({ checked: 3, changed: [], failed: [] });
    expect((await stripeEventRows()).filter((e) => e.status === "failed")).toEqual([]);
  });
});
