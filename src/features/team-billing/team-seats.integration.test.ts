// Changing a team's seats (SPEC §5–6) through the real route, against the Stripe emulator: raising bills
// the proration at once and only counts once paid (a failing card leaves a pending update), lowering is
// at once and never below the seats in use, a stale view is refused, and the database's seats follow
// Stripe only through the sync, drift made in Stripe included.
import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { reconcileBilling } from "@/features/billing/reconcile-billing";
import { syncStripeCustomer } from "@/features/billing/sync-stripe-customer";
import { teamBillingOperation } from "@/server/operations/team-billing";
import { createTestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import {
  CARD_FAILS_LATER,
  CARD_OK,
  changeSeats,
  pausingAfter,
  type StripeHarness,
  startStripeHarness,
  subscribeTeam,
} from "../../../tests/helpers/stripe";
import {
  addInvitation,
  addMembers,
  createUnpaidTeam,
  hasAccess,
  teamBillingOf,
} from "../../../tests/helpers/teams";

let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

const lapsed = (name: string) => createTestUser({ name, membershipStatus: "inactive" });

/** A team that bought 3 seats (with `card`): its owner, an admin and a member use them all. */
async function paidTeam(card = CARD_OK) {
  const [owner, admin, member, outsider] = await Promise.all(
    ["Olga", "Ada", "Max", "Otto"].map((name) => lapsed(name)),
  );
  const team = await createUnpaidTeam(owner!);
  await addMembers(team.id, [admin!], "admin");
  await addMembers(team.id, [member!]);
  const { subscription, customer } = await subscribeTeam(h, owner!.headers, team.id, { seats: 3, card });
  expect((await teamBillingOf(team.id))!.seats_paid).toBe(3);
  return { team, owner: owner!, admin: admin!, member: member!, outsider: outsider!, subscription, customer };
}

const quantityIn = async (subscriptionId: string) =>
  (await h.stripe.subscriptions.retrieve(subscriptionId)).items.data[0]!.quantity;

const updateInvoices = async (subscription: string) =>
  (await h.stripe.invoices.list({ subscription, limit: 100 })).data.filter(
    (i) => i.billing_reason === "subscription_update",
  );

const withoutWebhooks = async (work: () => Promise<void>) => {
  await h.setDelivery(false);
  try {
    await work();
  } finally {
    await h.setDelivery(true);
  }
};

describe("raising seats", () => {
  it("3 → 4 with a good card: the proration is invoiced and paid at once, and the sync makes it 4", async () => {
    const { team, admin, subscription } = await paidTeam();
    const answer = await changeSeats(admin.headers, { teamId: team.id, seats: 4, expectedSeats: 3 });
    expect(answer).toEqual({ status: 200, body: { ok: true, seatsPaid: 4, pending: false } });
    // The answer is current before any webhook: the route synced.
    expect((await teamBillingOf(team.id))!.seats_paid).toBe(4);
    expect(await quantityIn(subscription.id)).toBe(4);
    const [invoice, ...more] = await updateInvoices(subscription.id);
    expect(more).toEqual([]);
    // The rest of the period for one more seat at 24.00: at most a whole period's worth.
    expect(invoice).toMatchObject({ status: "paid", currency: "usd" });
    expect(invoice!.amount_paid).toBeGreaterThan(2300);
    expect(invoice!.amount_paid).toBeLessThanOrEqual(2400);
    await h.settle();
    expect((await teamBillingOf(team.id))!.seats_paid).toBe(4);
    const audit = await systemRows<{ action: string; actor_id: string | null; details: object }>(
      sql`select action, actor_id, details from audit_log where subject_id = ${team.id}
            and action in ('team.seats_changed', 'team.seats_synced') order by created_at`,
    );
    expect(audit).toEqual([
      {
        action: "team.seats_synced",
        actor_id: null,
        details: { team: team.name, seatsFrom: 0, seatsTo: 3, subscription: subscription.id },
      },
      {
        action: "team.seats_synced",
        actor_id: null,
        details: { team: team.name, seatsFrom: 3, seatsTo: 4, subscription: subscription.id },
      },
      {
        action: "team.seats_changed",
        actor_id: admin.id,
        details: { team: team.name, seatsFrom: 3, seatsTo: 4, pending: false },
      },
    ]);
  });

  it("with a card that fails: Stripe keeps 3 seats and a pending update; paying its invoice later brings 4 through the sync", async () => {
    const { team, owner, subscription } = await paidTeam(CARD_FAILS_LATER);
    const answer = await changeSeats(owner.headers, { teamId: team.id, seats: 4, expectedSeats: 3 });
    expect(answer).toEqual({
      status: 200,
      body: {
        ok: true,
        seatsPaid: 3,
        pending: true,
        invoiceUrl: expect.stringMatching(new RegExp(`^${h.emulator.url}/invoice/in_`)),
        message: expect.stringMatching(/declined.+still has 3 paid seats.+Pay the open invoice/),
      },
    });
    await h.settle();
    expect((await teamBillingOf(team.id))!.seats_paid).toBe(3);
    const sub = await h.stripe.subscriptions.retrieve(subscription.id);
    expect(sub.items.data[0]!.quantity).toBe(3);
    expect(sub.status).toBe("active");
    expect(sub.pending_update?.subscription_items?.[0]?.quantity).toBe(4);
    const [invoice] = await updateInvoices(subscription.id);
    expect(invoice).toMatchObject({ status: "open", hosted_invoice_url: answer.body.invoiceUrl });

    // The team page shows the raise waiting for payment.
    expect(await teamBillingOperation(owner.headers, { teamId: team.id })).toMatchObject({
      ok: true,
      pendingSeatChange: { seats: 4, invoiceUrl: answer.body.invoiceUrl, expiresAt: expect.any(Date) },
    });

    expect((await h.control("pay-invoice", { invoiceId: invoice!.id, card: CARD_OK })).status).toBe(200);
    await h.settle();
    expect(await teamBillingOf(team.id)).toMatchObject({ seats_paid: 4, billing_status: "active" });
    expect(await quantityIn(subscription.id)).toBe(4);
    const after = await teamBillingOperation(owner.headers, { teamId: team.id });
    expect(after).not.toHaveProperty("pendingSeatChange");
  });
});

describe("lowering seats", () => {
  it("goes down to the seats in use at once, with no invoice; below that is refused with how many are in use", async () => {
    const { team, owner, subscription } = await paidTeam();
    expect((await changeSeats(owner.headers, { teamId: team.id, seats: 5, expectedSeats: 3 })).status).toBe(
      200,
    );
    const invoicesBefore = (await h.stripe.invoices.list({ subscription: subscription.id })).data.length;
    await addInvitation(team.id, "pending@example.test");
    // 3 members and 1 pending invitation use 4 seats.
    const refused = await changeSeats(owner.headers, { teamId: team.id, seats: 3, expectedSeats: 5 });
    const sentence =
      "4 seats are in use (3 members and 1 pending invitation), so the team cannot have fewer than 4. Remove a member or revoke an invitation first.";
    expect(refused).toEqual({
      status: 409,
      body: { error: { code: "conflict", message: sentence, fields: { seats: sentence } } },
    });
    expect(await quantityIn(subscription.id)).toBe(5);

    expect(await changeSeats(owner.headers, { teamId: team.id, seats: 4, expectedSeats: 5 })).toEqual({
      status: 200,
      body: { ok: true, seatsPaid: 4, pending: false },
    });
    expect(await quantityIn(subscription.id)).toBe(4);
    expect((await teamBillingOf(team.id))!.seats_paid).toBe(4);
    expect((await h.stripe.invoices.list({ subscription: subscription.id })).data.length).toBe(
      invoicesBefore,
    );
  });

  it("going back to a number asked for before is a new change, not a replay", async () => {
    const { team, owner, subscription } = await paidTeam();
    for (const [seats, expectedSeats] of [
      [4, 3],
      [3, 4],
      [4, 3],
    ] as const) {
      expect(await changeSeats(owner.headers, { teamId: team.id, seats, expectedSeats })).toMatchObject({
        status: 200,
        body: { seatsPaid: seats },
      });
      expect(await quantityIn(subscription.id)).toBe(seats);
    }
    expect(await updateInvoices(subscription.id)).toHaveLength(2);
  });
});

describe("who may change seats, and from what", () => {
  it("a stale view (two admins at once) is 409 and changes nothing in Stripe", async () => {
    const { team, owner, admin, subscription } = await paidTeam();
    // Both saw 3; the admin raised to 4 first.
    expect((await changeSeats(admin.headers, { teamId: team.id, seats: 4, expectedSeats: 3 })).status).toBe(
      200,
    );
    expect(await changeSeats(owner.headers, { teamId: team.id, seats: 5, expectedSeats: 3 })).toEqual({
      status: 409,
      body: {
        error: {
          code: "conflict",
          message:
            "The seats were changed meanwhile: the team now has 4 paid seats. Check the number and try again.",
        },
      },
    });
    expect(await quantityIn(subscription.id)).toBe(4);
  });

  it("refuses members and outsiders (403), visitors (401), a team without a subscription (409) and bad numbers (400)", async () => {
    const { team, member, outsider, subscription } = await paidTeam();
    const body = { teamId: team.id, seats: 4, expectedSeats: 3 };
    expect((await changeSeats(member.headers, body)).status).toBe(403);
    expect((await changeSeats(outsider.headers, body)).status).toBe(403);
    expect((await changeSeats(new Headers(), body)).status).toBe(401);
    for (const bad of [{ seats: 0 }, { seats: 3.5 }, { seats: undefined }, { expectedSeats: undefined }]) {
      expect((await changeSeats(member.headers, { ...body, ...bad })).status, JSON.stringify(bad)).toBe(400);
    }
    expect(await quantityIn(subscription.id)).toBe(3);

    const unpaidOwner = await lapsed("Una");
    const unpaid = await createUnpaidTeam(unpaidOwner);
    expect(await changeSeats(unpaidOwner.headers, { teamId: unpaid.id, seats: 2, expectedSeats: 0 })).toEqual(
      {
        status: 409,
        body: {
          error: {
            code: "conflict",
            message: "This team has no subscription to change. Buy seats for it first.",
          },
        },
      },
    );
  });
});

describe("seat counts changed in Stripe", () => {
  const itemOf = (sub: Stripe.Subscription) => sub.items.data[0]!.id;

  it("a quantity changed in Stripe reaches the team through the webhook's sync", async () => {
    const { team, subscription } = await paidTeam();
    await h.stripe.subscriptionItems.update(itemOf(subscription), {
      quantity: 6,
      proration_behavior: "none",
    });
    await h.settle();
    expect((await teamBillingOf(team.id))!.seats_paid).toBe(6);
  });

  it("reconcile repairs and reports seat drift whose webhook never came; fewer seats than members takes access from the last to join, deleting nobody", async () => {
    const db = await getDb();
    const { team, owner, admin, member, subscription } = await paidTeam();
    await withoutWebhooks(async () => {
      await h.stripe.subscriptionItems.update(itemOf(subscription), {
        quantity: 2,
        proration_behavior: "none",
      });
    });
    expect((await teamBillingOf(team.id))!.seats_paid).toBe(3);
    expect(await hasAccess(member)).toBe(true);

    const report = await reconcileBilling(db, h.stripe, null);
    expect(report.failed).toEqual([]);
    expect(report.changed).toContainEqual({
      teamId: team.id,
      from: "active",
      to: "active",
      subscription: subscription.id,
      seatsFrom: 3,
      seatsTo: 2,
    });
    expect((await teamBillingOf(team.id))!.seats_paid).toBe(2);
    expect(await hasAccess(owner)).toBe(true);
    expect(await hasAccess(admin)).toBe(true);
    expect(await hasAccess(member)).toBe(false);
    const [{ n } = { n: 0 }] = await systemRows<{ n: number }>(
      sql`select count(*)::int as n from team_members where team_id = ${team.id}`,
    );
    expect(n).toBe(3);
    // Nothing left to repair.
    const again = await reconcileBilling(db, h.stripe, null);
    expect(again.changed.filter((c) => c.teamId === team.id)).toEqual([]);
  });

  it("a seat change made from a view Stripe no longer matches is refused, and the team catches up", async () => {
    const { team, owner, subscription } = await paidTeam();
    await withoutWebhooks(async () => {
      await h.stripe.subscriptionItems.update(itemOf(subscription), {
        quantity: 5,
        proration_behavior: "none",
      });
      const answer = await changeSeats(owner.headers, { teamId: team.id, seats: 4, expectedSeats: 3 });
      expect(answer).toMatchObject({
        status: 409,
        body: { error: { message: expect.stringContaining("now has 5") } },
      });
    });
    expect(await quantityIn(subscription.id)).toBe(5);
    expect((await teamBillingOf(team.id))!.seats_paid).toBe(5);
  });

  it("a sync whose Stripe read is older than a committed one reads Stripe again instead of undoing it", async () => {
    const db = await getDb();
    const { team, customer, subscription } = await paidTeam();
    await withoutWebhooks(async () => {
      // The stale sync read 3 seats; then Stripe went to 5 and a fresh sync recorded it.
      const stale = pausingAfter(h.stripe, "list", async () => {
        await h.stripe.subscriptionItems.update(itemOf(subscription), {
          quantity: 5,
          proration_behavior: "none",
        });
        expect(await syncStripeCustomer(db, h.stripe, customer)).toMatchObject({
          outcome: "team_synced",
          to: { seatsPaid: 5 },
        });
      });
      expect(await syncStripeCustomer(db, stale, customer)).toMatchObject({
        outcome: "team_synced",
        to: { seatsPaid: 5 },
      });
    });
    expect((await teamBillingOf(team.id))!.seats_paid).toBe(5);
  });
});
