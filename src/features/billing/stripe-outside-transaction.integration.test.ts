import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { listLeads, listLeadsSchema } from "@/features/leads/list-leads";
import { createCast, createTestUser } from "../../../tests/helpers/accounts";
import { createLead } from "../../../tests/helpers/leads";
import {
  membershipOf,
  pausingAfter,
  type StripeHarness,
  startStripeHarness,
  subscribe,
  untilFaultsTaken,
} from "../../../tests/helpers/stripe";
import { billingExemptionOperation } from "../../server/operations/billing";
import { syncStripeCustomer } from "./sync-stripe-customer";

// "No network call inside an open transaction" (ARCHITECTURE): on PGlite there is one connection, so a
// Stripe call made while a transaction is open would hold up every other request until it times out.
let h: StripeHarness;
let cast: Awaited<ReturnType<typeof createCast>>;
beforeAll(async () => {
  // Short, so the hung call ends quickly once the other request has had its answer.
  h = await startStripeHarness({ timeoutMs: 1500 });
  cast = await createCast();
  await createLead();
});
afterAll(async () => {
  await h?.close();
});

async function subscriber() {
  const user = await createTestUser();
  const { subscription, customer } = await subscribe(h, user.headers);
  return { ...user, subscriptionId: subscription.id, customer };
}

type Settled<T> = { value: T } | { error: unknown };

/**
 * Starts `work` with the given Stripe call hung in the emulator and, once the emulator holds that call,
 * asks for a lead page. Answers the order in which the two finished and how `work` ended.
 */
async function leadPageWhileStripeHangs<T>(
  fault: { path: string; method: string },
  work: () => Promise<T>,
): Promise<{ order: string[]; leadsOk: boolean; outcome: Settled<T> }> {
  const order: string[] = [];
  await h.control("fail-next", { mode: "hang", ...fault });
  const pending: Promise<Settled<T>> = work()
    .then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    )
    .finally(() => order.push("stripe work"));
  await untilFaultsTaken(h);
  const leads = await listLeads(await getDb(), cast.sales.actor, listLeadsSchema.parse({}));
  order.push("lead page");
  const outcome = await pending;
  return { order, leadsOk: leads.ok, outcome };
}

describe("a hung Stripe call holds up no other request", () => {
  it("a sync waiting on Stripe's subscription list: the lead page answers first; the sync fails and changes nothing", async () => {
    const member = await subscriber();
    const before = await membershipOf(member.id);
    const { order, leadsOk, outcome } = await leadPageWhileStripeHangs(
      { path: "/v1/subscriptions", method: "GET" },
      async () => syncStripeCustomer(await getDb(), h.stripe, member.customer),
    );
    expect(leadsOk).toBe(true);
    expect(order).toEqual(["lead page", "stripe work"]);
    expect(outcome).toEqual({ error: expect.objectContaining({ type: "StripeConnectionError" }) });
    expect(await membershipOf(member.id)).toEqual(before);
  });

  it("an exemption waiting on Stripe's cancellation: the lead page answers first; the admin gets the error and nothing changes", async () => {
    const member = await subscriber();
    const before = await membershipOf(member.id);
    const { order, leadsOk, outcome } = await leadPageWhileStripeHangs(
      { path: "/v1/subscriptions/", method: "DELETE" },
      () =>
        billingExemptionOperation(cast.admin.headers, { userId: member.id, exempt: true, reason: "Partner" }),
    );
    expect(leadsOk).toBe(true);
    expect(order).toEqual(["lead page", "stripe work"]);
    expect(outcome).toEqual({ value: expect.objectContaining({ ok: false, code: "unavailable" }) });
    expect(await membershipOf(member.id)).toEqual(before);
    expect((await h.stripe.subscriptions.retrieve(member.subscriptionId)).status).toBe("active");
  });
});

describe("syncs that read Stripe at different moments", () => {
  // Webhook delivery is off here, so the only syncs are the ones each test runs.
  const withoutWebhooks = async (work: () => Promise<void>) => {
    await h.setDelivery(false);
    try {
      await work();
    } finally {
      await h.setDelivery(true);
    }
  };

  it("a sync whose Stripe read is older than a committed sync's reads Stripe again instead of undoing it", async () => {
    const member = await subscriber();
    const db = await getDb();
    await withoutWebhooks(async () => {
      // The stale sync read "active"; then Stripe ended the subscription and a fresh sync recorded it.
      const stale = pausingAfter(h.stripe, "list", async () => {
        await h.stripe.subscriptions.cancel(member.subscriptionId);
        expect(await syncStripeCustomer(db, h.stripe, member.customer)).toMatchObject({
          outcome: "synced",
          to: { membershipStatus: "inactive" },
        });
      });
      expect(await syncStripeCustomer(db, stale, member.customer)).toMatchObject({
        outcome: "synced",
        to: { membershipStatus: "inactive" },
      });
    });
    expect((await membershipOf(member.id)).membership_status).toBe("inactive");
  });

  it("nor does it undo a fresher sync that found nothing to change", async () => {
    const member = await subscriber();
    const db = await getDb();
    await withoutWebhooks(async () => {
      // The stale sync read "cancel at period end"; the member resumed before it wrote, and the sync
      // after the resume found the account already matching Stripe.
      await h.stripe.subscriptions.update(member.subscriptionId, { cancel_at_period_end: true });
      const stale = pausingAfter(h.stripe, "list", async () => {
        await h.stripe.subscriptions.update(member.subscriptionId, { cancel_at_period_end: false });
        expect(await syncStripeCustomer(db, h.stripe, member.customer)).toMatchObject({
          outcome: "synced",
          changed: false,
        });
      });
      await syncStripeCustomer(db, stale, member.customer);
    });
    expect(await membershipOf(member.id)).toMatchObject({
      membership_status: "active",
      cancel_at_period_end: false,
    });
  });
});
