import type Stripe from "stripe";
import type { Database } from "@/db/types";
import type { MembershipStatus } from "@/features/accounts/access";
import type { Actor } from "@/features/accounts/load-actor";
import { fail, type Result } from "@/lib/result";
import { billingProfile } from "./billing-profile";
import { stripeFailure } from "./stripe-failure";
import { syncStripeCustomer } from "./sync-stripe-customer";

/** Cancel at the end of the paid period (true), or undo that (false); then sync so the page is current. */
export async function setCancelAtPeriodEnd(
  db: Database,
  stripe: Stripe,
  actor: Actor,
  cancel: boolean,
): Promise<Result<{ cancelAtPeriodEnd: boolean; membershipStatus: MembershipStatus }>> {
  const billing = await billingProfile(db, actor.id);
  // An ended subscription stays linked to the account; only one that still bills (active or past_due) can
  // be changed, else Stripe refuses and the member would be told the provider is unreachable.
  const live = actor.membershipStatus === "active" || actor.membershipStatus === "past_due";
  if (!billing?.customerId || !billing.subscriptionId || !live) {
    return fail("conflict", "You have no subscription to change.");
  }
  try {
    await stripe.subscriptions.update(billing.subscriptionId, { cancel_at_period_end: cancel });
    const synced = await syncStripeCustomer(db, stripe, billing.customerId);
    if (synced.outcome !== "synced")
      return fail("conflict", "This account's billing is managed by an admin.");
    return {
      ok: true,
      cancelAtPeriodEnd: synced.to.cancelAtPeriodEnd,
      membershipStatus: synced.to.membershipStatus,
    };
  } catch (error) {
    return stripeFailure(error, cancel ? "cancel" : "resume");
  }
}
