import type Stripe from "stripe";
import { z } from "zod";
import { appUrl } from "@/config/env";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { fail, type Result } from "@/lib/result";
import { claimCheckoutGeneration } from "./checkout-generation";
import { ensureCustomer } from "./ensure-customer";
import { openOneCheckoutSession } from "./one-open-session";
import { LIVE_STATUSES } from "./pick-subscription";
import { planByKey } from "./plans";
import { resolvePriceId } from "./resolve-price";
import { stripeFailure } from "./stripe-failure";

export const startCheckoutSchema = z.object({
  plan: z.enum(["individual_monthly", "individual_yearly"], { message: "Choose a plan." }),
});

const SUPERSEDED =
  "A checkout for another plan was started in another tab or window, so this one was closed. Continue there, or choose a plan again.";

/**
 * An individual Checkout Session for a plan key. The browser never chooses a price or a return URL.
 *
 * An account has at most one open Checkout Session, so two tabs cannot pay twice, without a database
 * transaction around any Stripe call: the account's checkout generation (one per plan in turn) and the
 * steps in openOneCheckoutSession, where the argument is.
 */
export async function startCheckout(
  db: Database,
  stripe: Stripe,
  actor: Actor,
  input: z.infer<typeof startCheckoutSchema>,
): Promise<Result<{ url: string }>> {
  if (actor.billingExempt)
    return fail("forbidden", "Your account is complimentary, so there is nothing to pay.");
  const plan = planByKey(input.plan)!;
  try {
    const customer = await ensureCustomer(db, stripe, actor);
    const subscriptions = await stripe.subscriptions.list({ customer, status: "all", limit: 100 });
    if (subscriptions.data.some((s) => LIVE_STATUSES.has(s.status))) {
      return fail("conflict", "You already have a subscription. Manage it from the customer portal.");
    }
    const price = await resolvePriceId(stripe, plan);
    if (!price) return fail("unavailable", "This plan is not available right now. Please try again later.");

    const opened = await openOneCheckoutSession(stripe, {
      customer,
      claim: (stale) => claimCheckoutGeneration(db, actor.id, plan.key, stale),
      create: (generation, marks) =>
        stripe.checkout.sessions.create(
          {
            mode: "subscription",
            customer,
            client_reference_id: actor.id,
            line_items: [{ price, quantity: 1 }],
            success_url: `${appUrl()}/settings/billing?checkout={CHECKOUT_SESSION_ID}`,
            cancel_url: `${appUrl()}/upgrade?checkout=canceled`,
            metadata: { frontdeskUserId: actor.id, plan: plan.key, ...marks },
            subscription_data: { metadata: { frontdeskUserId: actor.id, plan: plan.key } },
          },
          { idempotencyKey: `frontdesk-checkout-${actor.id}-g${generation}` },
        ),
      sameIntent: (session) => session.metadata?.plan === plan.key,
      superseded: SUPERSEDED,
    });
    return opened.ok ? { ok: true, url: opened.url } : opened;
  } catch (error) {
    return stripeFailure(error, "checkout");
  }
}
