import type Stripe from "stripe";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { billingProfile } from "./billing-profile";
import { syncStripeCustomer } from "./sync-stripe-customer";

/**
 * The member is back from checkout: run the same sync the webhook runs, so access does not wait for the
 * webhook. The session must belong to this account's customer; anything else is ignored.
 */
export async function completeCheckoutReturn(
  db: Database,
  stripe: Stripe,
  actor: Actor,
  sessionId: string,
): Promise<boolean> {
  const billing = await billingProfile(db, actor.id);
  if (!billing?.customerId || !/^cs_[A-Za-z0-9_]+$/.test(sessionId)) return false;
  try {
    const session = await stripe.checkout.sessions.retrieve(sessionId);
    const customer = typeof session.customer === "string" ? session.customer : session.customer?.id;
    if (customer !== billing.customerId) return false;
    const synced = await syncStripeCustomer(db, stripe, billing.customerId);
    return synced.outcome === "synced";
  } catch (error) {
    console.error("[stripe] checkout return sync failed:", error);
    return false;
  }
}
