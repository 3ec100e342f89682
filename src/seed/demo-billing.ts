import type Stripe from "stripe";
import type { Database } from "@/db/types";
import { loadActor } from "@/features/accounts/load-actor";
import { billingProfile } from "@/features/billing/billing-profile";
import { completeCheckoutReturn } from "@/features/billing/complete-checkout-return";
import { startCheckout } from "@/features/billing/start-checkout";
import { syncStripeCustomer } from "@/features/billing/sync-stripe-customer";
import type { DemoAccount } from "./demo-accounts";

/**
 * How the demo's paying members pay: through the app's own checkout and the Stripe emulator, whose
 * control endpoints stand in for a person typing a card. Real Stripe has no such endpoints, so with a
 * real key (or none, or an emulator that does not answer) this part is skipped, for the reason given.
 */
export type DemoBilling = { stripe: Stripe; emulatorUrl: string } | { skipped: string };

/** An emulator answer of the endpoints used here (the rest of each body is not needed). */
type Controlled = { subscription: { id: string; status: string } | null };

/** Calls one of the emulator's `/_emulator/…` control endpoints (the only network the seed waits on). */
async function control(emulatorUrl: string, path: string, body: object): Promise<Controlled> {
  const response = await fetch(`${emulatorUrl}/_emulator/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    // Start-up waits for the seed: a stuck emulator must not hold the server up for ever.
    signal: AbortSignal.timeout(15_000),
  });
  const answer = (await response.json().catch(() => null)) as
    | (Controlled & { error?: { message?: string } })
    | null;
  if (!response.ok || !answer) {
    throw new Error(`the Stripe emulator refused ${path}: ${answer?.error?.message ?? response.status}`);
  }
  return answer;
}

/** The Checkout Session id at the end of the hosted checkout page's URL. */
export const checkoutSessionOf = (url: string) => new URL(url).pathname.split("/").pop() ?? "";

/** What a person does on the (emulated) hosted checkout page: types the card and pays. */
export async function payOnCheckout(emulatorUrl: string, sessionId: string, card: string): Promise<void> {
  await control(emulatorUrl, "pay", { sessionId, card, expiry: "12/34", cvc: "123" });
}

/**
 * The member chooses a plan, pays on the (emulated) hosted checkout and comes back to the billing page,
 * whose return runs the same sync as the webhooks. With `renewsNow`, Stripe then charges the first
 * renewal, and the sync that its `invoice.payment_failed` webhook runs records what Stripe holds.
 */
export async function subscribeDemoMember(
  db: Database,
  billing: { stripe: Stripe; emulatorUrl: string },
  userId: string,
  subscribes: NonNullable<DemoAccount["subscribes"]>,
): Promise<void> {
  const { stripe, emulatorUrl } = billing;
  const actor = await loadActor(db, userId);
  if (!actor) throw new Error(`no demo account ${userId}`);
  const started = await startCheckout(db, stripe, actor, { plan: subscribes.plan });
  if (!started.ok) throw new Error(`checkout for ${actor.email} did not start: ${started.message}`);
  const sessionId = checkoutSessionOf(started.url);
  await payOnCheckout(emulatorUrl, sessionId, subscribes.card);
  if (!(await completeCheckoutReturn(db, stripe, actor, sessionId))) {
    throw new Error(`the return from checkout of ${actor.email} did not sync`);
  }
  if (!subscribes.renewsNow) return;
  const linked = await billingProfile(db, userId);
  if (!linked?.customerId || !linked.subscriptionId) {
    throw new Error(`${actor.email} has no subscription after checkout`);
  }
  await control(emulatorUrl, "end-period", { subscriptionId: linked.subscriptionId });
  await syncStripeCustomer(db, stripe, linked.customerId);
}
