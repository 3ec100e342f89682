import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as checkoutRoute } from "@/app/api/stripe/checkout/route";
import { getDb } from "@/db/client";
import { asSystem } from "@/db/rls";
import { profiles } from "@/db/schema";
import { createCast, createTestUser, type TestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import {
  callRoute,
  deliver,
  eventsOf,
  membershipOf,
  pausingAfter,
  type StripeHarness,
  startStripeHarness,
  stripeEventRows,
  subscribe,
  subscriptionsOf,
} from "../../../tests/helpers/stripe";
import { billingExemptionOperation, reconcileOperation } from "../../server/operations/billing";
import { expireMemberships } from "./expire-memberships";
import { listStripeEvents, listStripeEventsSchema } from "./list-stripe-events";
import { LIVE_STATUSES } from "./pick-subscription";
import { setBillingExemption } from "./set-billing-exemption";
import { syncStripeCustomer } from "./sync-stripe-customer";

let h: StripeHarness;
let cast: Awaited<ReturnType<typeof createCast>>;
beforeAll(async () => {
  // A short Stripe timeout (read when the client is first created) so the "Stripe hangs" case is quick.
  h = await startStripeHarness({ timeoutMs: 1500 });
  cast = await createCast();
});
afterAll(async () => {
  await h?.close();
});

const comp = (headers: Headers, userId: string, reason = "Design partner") =>
  billingExemptionOperation(headers, { userId, exempt: true, reason });
const uncomp = (headers: Headers, userId: string) =>
  billingExemptionOperation(headers, { userId, exempt: false });

const auditOf = (userId: string) =>
  systemRows<{ action: string; actor_id: string | null; details: Record<string, unknown> }>(
    sql`select action, actor_id, details from audit_log where subject_id = ${userId} order by created_at, id`,
  );

const exemptionColumns = async (userId: string) =>
  (
    await systemRows<{
      billing_exempt: boolean;
      billing_exempt_reason: string | null;
      billing_exempt_by: string | null;
      has_at: boolean;
    }>(
      sql`select billing_exempt, billing_exempt_reason, billing_exempt_by, billing_exempt_at is not null as has_at
          from profiles where id = ${userId}`,
    )
  )[0]!;

async function activeSubscriber(): Promise<TestUser & { subscriptionId: string; customer: string }> {
  const user = await createTestUser();
  const { subscription, customer } = await subscribe(h, user.headers);
  expect((await membershipOf(user.id)).membership_status).toBe("active");
  return { ...user, subscriptionId: subscription.id, customer };
}

describe("who may change billing exemption", () => {
  it("401 for a visitor, 403 for a member and a sales rep; nothing changes and Stripe is not called", async () => {
    const target = await activeSubscriber();
    const before = await membershipOf(target.id);
    expect(await comp(cast.visitor, target.id)).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await comp(cast.member.headers, target.id)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await comp(cast.sales.headers, target.id)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await comp(target.headers, target.id)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await membershipOf(target.id)).toEqual(before);
    expect((await h.stripe.subscriptions.retrieve(target.subscriptionId)).status).toBe("active");
  });

  it("reconcile: 401 for a visitor, 403 for a member and a sales rep", async () => {
    expect(await reconcileOperation(cast.visitor, {})).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await reconcileOperation(cast.member.headers, {})).toMatchObject({ ok: false, code: "forbidden" });
    expect(await reconcileOperation(cast.sales.headers, {})).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("the webhook event log is for admins only", async () => {
    const db = await getDb();
    expect(await listStripeEvents(db, cast.member.actor, listStripeEventsSchema.parse({}))).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await listStripeEvents(db, cast.sales.actor, listStripeEventsSchema.parse({}))).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await listStripeEvents(db, cast.admin.actor, listStripeEventsSchema.parse({}))).toMatchObject({
      ok: true,
    });
  });
});

describe("turning billing exemption on", () => {
  it("requires a reason (a field error), and changes nothing without one", async () => {
    const target = await createTestUser();
    for (const reason of [undefined, "", "   "]) {
      expect(
        await billingExemptionOperation(cast.admin.headers, { userId: target.id, exempt: true, reason }),
      ).toEqual({
        ok: false,
        code: "invalid",
        message: expect.any(String),
        fields: { reason: "Say why this account is billing exempt." },
      });
    }
    expect((await exemptionColumns(target.id)).billing_exempt).toBe(false);
    expect(await comp(cast.admin.headers, "no-such-user")).toMatchObject({ ok: false, code: "not_found" });
  });

  it("cancels the Stripe subscription at once, then comps the account; a later webhook changes nothing", async () => {
    const target = await activeSubscriber();
    const result = await comp(cast.admin.headers, target.id, "Design partner");
    expect(result).toEqual({ ok: true, userId: target.id, exempt: true, membershipStatus: "active" });

    const [sub] = await subscriptionsOf(h.stripe, target.customer);
    expect(sub).toMatchObject({ id: target.subscriptionId, status: "canceled" });
    expect(await exemptionColumns(target.id)).toEqual({
      billing_exempt: true,
      billing_exempt_reason: "Design partner",
      billing_exempt_by: cast.admin.id,
      has_at: true,
    });
    const after = await membershipOf(target.id);
    expect(after).toMatchObject({
      membership_status: "active",
      stripe_customer_id: target.customer,
      stripe_subscription_id: null,
      stripe_price_id: null,
      cancel_at_period_end: false,
      grace_ends_at: null,
    });
    const audit = (await auditOf(target.id)).filter((a) => a.action.startsWith("billing."));
    expect(audit).toEqual([
      {
        action: "billing.exemption_on",
        actor_id: cast.admin.id,
        details: { reason: "Design partner", canceledSubscriptions: [target.subscriptionId] },
      },
    ]);

    // The emulator's customer.subscription.deleted has been delivered: processed, and the account kept.
    await h.settle();
    const [deleted] = await eventsOf(h.stripe, target.customer, "customer.subscription.deleted");
    expect(await stripeEventRows([deleted!.id])).toMatchObject([{ status: "processed" }]);
    // Delivered again under a new id (as a replay would be), still nothing changes; nor does a sync.
    expect((await deliver(h.stripe, { ...deleted!, id: `${deleted!.id}_replay` })).status).toBe(200);
    expect(await syncStripeCustomer(await getDb(), h.stripe, target.customer)).toEqual({
      outcome: "exempt",
      userId: target.id,
    });
    expect(await membershipOf(target.id)).toEqual(after);
    // Comped accounts cannot check out.
    expect(
      (await callRoute(checkoutRoute, "/api/stripe/checkout", target.headers, { plan: "individual_monthly" }))
        .status,
    ).toBe(403);
  });

  it("a trial becomes active; an account without a Stripe customer needs no Stripe call", async () => {
    const trial = await createTestUser();
    await h.control("fail-next", { status: 500, count: 5 });
    try {
      expect(await comp(cast.admin.headers, trial.id)).toMatchObject({
        ok: true,
        membershipStatus: "active",
      });
    } finally {
      await h.control("fail-next", undefined, "DELETE");
    }
    expect(await membershipOf(trial.id)).toMatchObject({ membership_status: "active", billing_exempt: true });
  });

  it("a trial with a customer but no subscription (checkout started, not paid) becomes active", async () => {
    const trial = await createTestUser();
    expect(
      (await callRoute(checkoutRoute, "/api/stripe/checkout", trial.headers, { plan: "individual_monthly" }))
        .status,
    ).toBe(200);
    expect(await comp(cast.admin.headers, trial.id)).toMatchObject({ ok: true, membershipStatus: "active" });
  });

  it.each([
    ["refuses to cancel (500)", { status: 500, path: "/v1/subscriptions/", method: "DELETE" }],
    ["cannot be listed (500)", { status: 500, path: "/v1/subscriptions", method: "GET" }],
    ["does not answer (timeout)", { mode: "hang", path: "/v1/subscriptions/", method: "DELETE" }],
  ])(
    "when Stripe %s, nothing in the database changes and the admin gets a clear error",
    async (_what, fault) => {
      const target = await activeSubscriber();
      const before = await membershipOf(target.id);
      const auditBefore = await auditOf(target.id);
      await h.control("fail-next", fault);
      const started = Date.now();
      const result = await comp(cast.admin.headers, target.id);
      expect(result).toEqual({
        ok: false,
        code: "unavailable",
        message: expect.stringMatching(
          /^Stripe did not cancel the subscription .*Nothing was changed; try again\.$/,
        ),
      });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await membershipOf(target.id)).toEqual(before);
      expect((await exemptionColumns(target.id)).billing_exempt).toBe(false);
      expect(await auditOf(target.id)).toEqual(auditBefore);
      expect((await h.stripe.subscriptions.retrieve(target.subscriptionId)).status).toBe("active");

      // Once Stripe answers again, the same request succeeds.
      expect(await comp(cast.admin.headers, target.id)).toMatchObject({ ok: true, exempt: true });
      expect((await h.stripe.subscriptions.retrieve(target.subscriptionId)).status).toBe("canceled");
    },
  );

  it("turning it on twice is harmless: the second answer is the state, with no second audit entry", async () => {
    const target = await createTestUser();
    await comp(cast.admin.headers, target.id, "First reason");
    expect(await comp(cast.admin.headers, target.id, "Second reason")).toMatchObject({
      ok: true,
      exempt: true,
    });
    expect((await exemptionColumns(target.id)).billing_exempt_reason).toBe("First reason");
    expect((await auditOf(target.id)).filter((a) => a.action === "billing.exemption_on")).toHaveLength(1);
  });

  it("neither deadlocks nor loses when webhook syncs of the same customer run at the same time", async () => {
    const db = await getDb();
    // On PostgreSQL, taking the row lock and the customer lock in opposite orders deadlocked here.
    for (let i = 0; i < 10; i++) {
      const target = await activeSubscriber();
      const sync = () => syncStripeCustomer(db, h.stripe, target.customer);
      const results = await Promise.all([sync(), comp(cast.admin.headers, target.id), sync(), sync()]);
      expect(results[1]).toMatchObject({ ok: true, exempt: true });
      await h.settle();
      expect(await membershipOf(target.id)).toMatchObject({
        billing_exempt: true,
        membership_status: "active",
        stripe_subscription_id: null,
      });
      const live = (await subscriptionsOf(h.stripe, target.customer)).filter((s) =>
        LIVE_STATUSES.has(s.status),
      );
      expect(live).toEqual([]);
    }
  });

  it("the webhook sync for the cancellation committing between the Stripe call and the comp does not undo it", async () => {
    const db = await getDb();
    const target = await activeSubscriber();
    await h.setDelivery(false);
    try {
      // Stripe has canceled; before the comp's transaction, the sync that webhook causes runs and commits.
      const stripe = pausingAfter(h.stripe, "cancel", async () => {
        await syncStripeCustomer(db, h.stripe, target.customer);
        expect(await membershipOf(target.id)).toMatchObject({
          membership_status: "inactive",
          billing_exempt: false,
        });
      });
      expect(
        await setBillingExemption(db, stripe, cast.admin.actor, {
          userId: target.id,
          exempt: true,
          reason: "Design partner",
        }),
      ).toEqual({ ok: true, userId: target.id, exempt: true, membershipStatus: "active" });
    } finally {
      await h.setDelivery(true);
    }
    expect(await membershipOf(target.id)).toMatchObject({
      billing_exempt: true,
      membership_status: "active",
      stripe_subscription_id: null,
    });
    expect(await syncStripeCustomer(db, h.stripe, target.customer)).toEqual({
      outcome: "exempt",
      userId: target.id,
    });
  });

  it("a sync that read Stripe before the comp committed leaves the comped account alone", async () => {
    const db = await getDb();
    const target = await activeSubscriber();
    // The sync has Stripe's answer (still active); the whole comp commits before the sync writes.
    const stripe = pausingAfter(h.stripe, "list", async () => {
      expect(await comp(cast.admin.headers, target.id)).toMatchObject({ ok: true, exempt: true });
    });
    expect(await syncStripeCustomer(db, stripe, target.customer)).toEqual({
      outcome: "exempt",
      userId: target.id,
    });
    await h.settle();
    expect(await membershipOf(target.id)).toMatchObject({
      billing_exempt: true,
      membership_status: "active",
      stripe_subscription_id: null,
    });
  });

  it("comped accounts are never expired by the scheduled job", async () => {
    const target = await createTestUser({ trialEndsAt: new Date(Date.now() - 60_000) });
    await comp(cast.admin.headers, target.id);
    await expireMemberships(await getDb(), new Date(Date.now() + 86_400_000));
    expect((await membershipOf(target.id)).membership_status).toBe("active");
  });
});

describe("turning billing exemption off", () => {
  it("makes the account inactive (it has no subscription), clears who/why/when and is audited", async () => {
    const target = await activeSubscriber();
    await comp(cast.admin.headers, target.id, "Conference speaker");
    expect(await uncomp(cast.admin.headers, target.id)).toEqual({
      ok: true,
      userId: target.id,
      exempt: false,
      membershipStatus: "inactive",
    });
    expect(await exemptionColumns(target.id)).toEqual({
      billing_exempt: false,
      billing_exempt_reason: null,
      billing_exempt_by: null,
      has_at: false,
    });
    expect((await membershipOf(target.id)).membership_status).toBe("inactive");
    const audit = (await auditOf(target.id)).filter((a) => a.action === "billing.exemption_off");
    expect(audit).toEqual([
      {
        action: "billing.exemption_off",
        actor_id: cast.admin.id,
        details: { previousReason: "Conference speaker" },
      },
    ]);
    // No reason is needed to turn it off; and the account may now check out again.
    expect(
      (await callRoute(checkoutRoute, "/api/stripe/checkout", target.headers, { plan: "individual_monthly" }))
        .status,
    ).toBe(200);
  });

  it("401/403 for everyone but admins", async () => {
    const target = await createTestUser({ billingExempt: true });
    expect(await uncomp(cast.visitor, target.id)).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await uncomp(cast.member.headers, target.id)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await uncomp(cast.sales.headers, target.id)).toMatchObject({ ok: false, code: "forbidden" });
    expect((await exemptionColumns(target.id)).billing_exempt).toBe(true);
  });
});

describe("reconcile", () => {
  it("repairs drift from Stripe, reports it and writes an audit entry", async () => {
    const db = await getDb();
    const drifted = await activeSubscriber();
    const lapsed = await activeSubscriber();
    const fine = await activeSubscriber();
    // Drift made by hand: the database says inactive although Stripe bills the account…
    await asSystem(db, "test: drift", (tx) =>
      tx
        .update(profiles)
        .set({ membershipStatus: "inactive", stripeSubscriptionId: null })
        .where(eq(profiles.id, drifted.id)),
    );
    // …and Stripe ended a subscription whose webhook never arrived.
    await h.setDelivery(false);
    try {
      await h.stripe.subscriptions.cancel(lapsed.subscriptionId);
    } finally {
      await h.setDelivery(true);
    }
    expect((await membershipOf(lapsed.id)).membership_status).toBe("active");

    const result = await reconcileOperation(cast.admin.headers, {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.failed).toEqual([]);
    expect(result.report.changed).toEqual(
      expect.arrayContaining([
        { userId: drifted.id, from: "inactive", to: "active", subscription: drifted.subscriptionId },
        { userId: lapsed.id, from: "active", to: "inactive", subscription: lapsed.subscriptionId },
      ]),
    );
    expect(result.report.changed.map((c) => c.userId)).not.toContain(fine.id);
    expect(await membershipOf(drifted.id)).toMatchObject({
      membership_status: "active",
      stripe_subscription_id: drifted.subscriptionId,
    });
    expect((await membershipOf(lapsed.id)).membership_status).toBe("inactive");

    const [audit] = await systemRows<{ actor_id: string; details: Record<string, number> }>(
      sql`select actor_id, details from audit_log where action = 'billing.reconciled' order by created_at desc limit 1`,
    );
    expect(audit).toEqual({
      actor_id: cast.admin.id,
      details: { checked: result.report.checked, changed: result.report.changed.length, failed: 0 },
    });
    // Run again: nothing left to repair.
    const again = await reconcileOperation(cast.admin.headers, {});
    expect(again).toMatchObject({ ok: true, report: { changed: [], failed: [] } });
  });

  it("reports a customer Stripe could not answer for, and carries on with the rest", async () => {
    await activeSubscriber();
    await h.control("fail-next", { status: 500, path: "/v1/subscriptions", method: "GET" });
    const result = await reconcileOperation(cast.admin.headers, {});
    expect(result).toMatchObject({
      ok: true,
      report: { failed: [{ customerId: expect.stringMatching(/^cus_/), error: expect.any(String) }] },
    });
  });
});
