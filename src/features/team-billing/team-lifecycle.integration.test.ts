// A team's subscription over time (SPEC §5–6), against the Stripe emulator and its clock: a failed
// renewal, its grace and its end; canceling at period end; and deleting a team, which cancels in Stripe
// first and changes nothing when Stripe refuses.
import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cancelRoute } from "@/app/api/stripe/cancel/route";
import { getDb } from "@/db/client";
import { deleteTeam } from "@/features/teams/delete-team";
import { deleteTeamOperation } from "@/server/operations/team-billing";
import { createTestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import {
  CARD_FAILS_LATER,
  callRoute,
  type StripeHarness,
  sessionIdOf,
  startStripeHarness,
  subscribeTeam,
  subscriptionsOf,
  teamCheckout,
} from "../../../tests/helpers/stripe";
import { addMembers, createUnpaidTeam, hasAccess, teamBillingOf } from "../../../tests/helpers/teams";
import { expireMemberships } from "../billing/expire-memberships";
import { GRACE_DAYS } from "../billing/membership-state";

let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

const lapsed = (name: string) => createTestUser({ name, membershipStatus: "inactive" });

async function paidTeam(options: { card?: string } = {}) {
  const [owner, admin, member, outsider] = await Promise.all(
    ["Olga", "Ada", "Max", "Otto"].map((name) => lapsed(name)),
  );
  const team = await createUnpaidTeam(owner!);
  await addMembers(team.id, [admin!], "admin");
  await addMembers(team.id, [member!]);
  const paid = await subscribeTeam(h, owner!.headers, team.id, { seats: 3, ...options });
  return { team, owner: owner!, admin: admin!, member: member!, outsider: outsider!, ...paid };
}

const periodEndOf = (sub: Stripe.Subscription) => sub.items.data[0]!.current_period_end;

describe("a team's failed renewal", () => {
  it("past_due keeps the seats through the grace period; the job then ends it and the members lose access; Stripe's dunning ends the subscription", async () => {
    const db = await getDb();
    const { team, owner, member, subscription } = await paidTeam({ card: CARD_FAILS_LATER });
    await h.advanceTo(periodEndOf(subscription) + 60);
    const pastDue = await teamBillingOf(team.id);
    expect(pastDue).toMatchObject({ billing_status: "past_due", seats_paid: 3 });
    const graceEnd = pastDue!.grace_ends_at!;
    expect(graceEnd.getTime()).toBeGreaterThan(Date.now() + (GRACE_DAYS - 1) * 86_400_000);
    expect(await hasAccess(member)).toBe(true);

    // Within grace the job leaves the team alone; after it, the team is inactive.
    expect((await expireMemberships(db, new Date(graceEnd.getTime() - 60_000))).teamGraces).not.toContain(
      team.id,
    );
    expect((await expireMemberships(db, new Date(graceEnd.getTime() + 1))).teamGraces).toEqual([team.id]);
    expect(await teamBillingOf(team.id)).toMatchObject({ billing_status: "inactive", grace_ends_at: null });
    expect(await hasAccess(member)).toBe(false);
    expect(await hasAccess(owner)).toBe(false);
    const [expired] = await systemRows<{ details: object }>(
      sql`select details from audit_log where subject_id = ${team.id} and action = 'team.grace_expired'`,
    );
    expect(expired?.details).toEqual({ team: team.name, to: "inactive" });
    // A second run finds nothing more to do.
    expect((await expireMemberships(db, new Date(graceEnd.getTime() + 1))).teamGraces).toEqual([]);

    // Stripe gives up after its dunning days and cancels: the team stays inactive, with no subscription.
    await h.advanceDays(15);
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).status).toBe("canceled");
    expect(await teamBillingOf(team.id)).toMatchObject({
      billing_status: "inactive",
      stripe_subscription_id: null,
      seats_paid: 0,
      cancel_at_period_end: false,
    });
    expect(await hasAccess(member)).toBe(false);
  });

  it("paying the open invoice during grace makes the team active again", async () => {
    const { team, member, subscription } = await paidTeam({ card: CARD_FAILS_LATER });
    await h.advanceTo(periodEndOf(subscription) + 60);
    expect((await teamBillingOf(team.id))!.billing_status).toBe("past_due");
    const [open] = (await h.stripe.invoices.list({ subscription: subscription.id, status: "open" })).data;
    expect((await h.control("pay-invoice", { invoiceId: open!.id })).status).toBe(200);
    await h.settle();
    expect(await teamBillingOf(team.id)).toMatchObject({ billing_status: "active", grace_ends_at: null });
    expect(await hasAccess(member)).toBe(true);
  });
});

describe("a team that cancels at period end", () => {
  it("keeps access until the emulator clock passes the period end, then its members lose it", async () => {
    const { team, admin, member, subscription } = await paidTeam();
    const answer = await callRoute(cancelRoute, "/api/stripe/cancel", admin.headers, { teamId: team.id });
    expect(answer.body).toEqual({ ok: true, cancelAtPeriodEnd: true, billingStatus: "active" });
    const end = periodEndOf(await h.stripe.subscriptions.retrieve(subscription.id));

    await h.advanceTo(end - 3600);
    expect(await teamBillingOf(team.id)).toMatchObject({
      billing_status: "active",
      cancel_at_period_end: true,
    });
    expect(await hasAccess(member)).toBe(true);

    await h.advanceTo(end + 60);
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).status).toBe("canceled");
    expect(await teamBillingOf(team.id)).toMatchObject({
      billing_status: "inactive",
      stripe_subscription_id: null,
      seats_paid: 0,
    });
    expect(await hasAccess(member)).toBe(false);
    expect(await hasAccess(admin)).toBe(false);
  });
});

describe("deleting a team", () => {
  it("cancels its subscription in Stripe first, then deletes the team; its members lose access", async () => {
    const { team, owner, member, subscription, customer } = await paidTeam();
    expect(await hasAccess(member)).toBe(true);
    // The teams module's own deletion (the last step of this one) refuses a team that still pays.
    expect(await deleteTeam(await getDb(), owner.actor, { teamId: team.id })).toMatchObject({
      ok: false,
      code: "conflict",
    });

    const deleted = await deleteTeamOperation(owner.headers, { teamId: team.id });
    expect(deleted).toEqual({
      ok: true,
      deleted: { teamId: team.id },
      canceledSubscriptions: [subscription.id],
    });
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).status).toBe("canceled");
    expect((await subscriptionsOf(h.stripe, customer)).filter((s) => s.status !== "canceled")).toEqual([]);
    expect(await teamBillingOf(team.id)).toBeNull();
    expect(await hasAccess(member)).toBe(false);
    await h.settle();
    const audit = await systemRows<{ action: string; actor_id: string | null }>(
      sql`select action, actor_id from audit_log where subject_id = ${team.id}
            and action in ('team.subscription_canceled', 'team.deleted') order by created_at`,
    );
    expect(audit).toEqual([
      { action: "team.subscription_canceled", actor_id: owner.id },
      { action: "team.deleted", actor_id: owner.id },
    ]);
    // The webhooks that follow find no team and change nothing.
    const failed = await systemRows<{ id: string }>(
      sql`select id from stripe_events where status = 'failed'`,
    );
    expect(failed).toEqual([]);
  });

  it("refuses cleanly when Stripe refuses the cancellation: nothing changes and the owner is told why", async () => {
    const { team, owner, member, subscription } = await paidTeam();
    await h.control("fail-next", { status: 500, path: "/v1/subscriptions/", method: "DELETE" });
    const refused = await deleteTeamOperation(owner.headers, { teamId: team.id });
    expect(refused).toEqual({
      ok: false,
      code: "unavailable",
      message: expect.stringMatching(
        /^Stripe did not cancel the team's subscription \(.+\)\. The team was not deleted/,
      ),
    });
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
    expect(await teamBillingOf(team.id)).toMatchObject({
      billing_status: "active",
      stripe_subscription_id: subscription.id,
    });
    expect(await hasAccess(member)).toBe(true);
    const audit = await systemRows<{ action: string }>(
      sql`select action from audit_log where subject_id = ${team.id} and action in ('team.subscription_canceled', 'team.deleted')`,
    );
    expect(audit).toEqual([]);
    // Once Stripe answers again, the same request goes through.
    expect(await deleteTeamOperation(owner.headers, { teamId: team.id })).toMatchObject({
      ok: true,
    });
  });

  it("only the owner may delete; an admin is refused and an outsider finds no team", async () => {
    const { team, admin, outsider, subscription } = await paidTeam();
    expect(await deleteTeamOperation(admin.headers, { teamId: team.id })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await deleteTeamOperation(outsider.headers, { teamId: team.id })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
    expect(await teamBillingOf(team.id)).not.toBeNull();
  });

  it("a team that never paid is deleted without Stripe; an open checkout of it is expired first", async () => {
    const owner = await lapsed("Nia");
    const never = await createUnpaidTeam(owner);
    expect(await deleteTeamOperation(owner.headers, { teamId: never.id })).toEqual({
      ok: true,
      deleted: { teamId: never.id },
      canceledSubscriptions: [],
    });

    const started = await createUnpaidTeam(owner);
    const checkout = await teamCheckout(owner.headers, {
      teamId: started.id,
      plan: "team_monthly",
      seats: 1,
    });
    const sessionId = sessionIdOf(checkout.body.url);
    expect(await deleteTeamOperation(owner.headers, { teamId: started.id })).toMatchObject({
      ok: true,
    });
    expect((await h.stripe.checkout.sessions.retrieve(sessionId)).status).toBe("expired");
  });
});
