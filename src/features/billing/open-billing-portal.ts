import type Stripe from "stripe";
import { appUrl } from "@/config/env";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { fail, type Result } from "@/lib/result";
import { billingProfile } from "./billing-profile";
import { stripeFailure } from "./stripe-failure";

export async function openBillingPortal(
  db: Database,
  stripe: Stripe,
  actor: Actor,
): Promise<Result<{ url: string }>> {
  const billing = await billingProfile(db, actor.id);
  if (!billing?.customerId) return fail("conflict", "You have no billing account yet. Choose a plan first.");
  try {
    const session = await stripe.billingPortal.sessions.create({
      customer: billing.customerId,
      return_url: `${appUrl()}/settings/billing`,
    });
    return { ok: true, url: session.url };
  } catch (error) {
    return stripeFailure(error, "portal");
  }
}
