import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemRows } from "../../tests/helpers/db";
import {
  membershipOf,
  type StripeHarness,
  startStripeHarness,
  stripeEventRows,
} from "../../tests/helpers/stripe";
import { getAuth } from "../auth/auth";
import { getDb } from "../db/client";
import { memberAccess } from "../features/accounts/access";
import { loadActor } from "../features/accounts/load-actor";
import { listInvoices } from "../features/billing/list-invoices";
import { GRACE_DAYS } from "../features/billing/membership-state";
import { openBillingPortal } from "../features/billing/open-billing-portal";
import { planOfPrice } from "../features/billing/plan-of-price";
import { reconcileBilling } from "../features/billing/reconcile-billing";
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
  it("makes the paying, past-due and comped members real in Stripe, so reconcile finds no drift", async () => {
    const db = await getDb();
    const started = Date.now();
    expect(await seedDemo(db, await getAuth(), { stripe: h.stripe, emulatorUrl: h.emulator.url })).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000);
    // The webhooks the seed caused have been handled too, before anything is compared.
    await h.settle();

    const accounts = await systemRows<{ id: string; email: string }>(sql`select id, email from users`);
    const idOf = (name: string) => accounts.find((a) => a.email === `${name}@frontdesk.test`)!.id;
    const actorOf = async (name: string) => (await loadActor(db, idOf(name)))!;

    // andy: a customer with an active subscription, its plan and its paid invoice.
    const andy = await membershipOf(idOf("andy"));
    expect(andy).toMatchObject({
      membership_status: "active",
      grace_ends_at: null,
      cancel_at_period_end: false,
    });
    expect(andy.stripe_customer_id).toMatch(/^cus_/);
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

    // `npm run reconcile` on the fresh demo: nothing to repair, nothing failed.
    const report = await reconcileBilling(db, h.stripe, null);
    expect(report).toEqual({ checked: 2, changed: [], failed: [] });
    expect((await stripeEventRows()).filter((e) => e.status === "failed")).toEqual([]);
  });
});
