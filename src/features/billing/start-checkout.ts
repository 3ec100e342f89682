import type Stripe from "stripe";
import { z } from "zod";
import { appUrl } from "@/config/env";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { fail, type Result } from "@/lib/result";
import { ensureCustomer } from "./ensure-customer";
import { LIVE_STATUSES } from "./pick-subscription";
import { planByKey } from "./plans";
import { resolvePriceId } from "./resolve-price";
import { stripeFailure } from "./stripe-failure";

export const startCheckoutSchema = z.object({
  plan: z.enum(["individual_monthly", "individual_yearly"], { message: "Choose a plan." }),
});

const CHECKOUT_WINDOW_MS = 10 * 60_000;

/**
 * An individual Checkout Session for a plan key. The browser never chooses a price or a return URL. A
 * double click or a second tab inside the same ten minutes gets the same session (one idempotency key).
 */
export async function startCheckout(
  db: Database,
  stripe: Stripe,
  actor: Actor,
  input: z.infer<typeof startCheckoutSchema>,
  now = Date.now(),
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
    const session = await stripe.checkout.sessions.create(
      {
        mode: "subscription",
        customer,
        client_reference_id: actor.id,
        line_items: [{ price, quantity: 1 }],
        success_url: `${appUrl()}/settings/billing?checkout={CHECKOUT_SESSION_ID}`,
        cancel_url: `${appUrl()}/upgrade?checkout=canceled`,
        metadata: { frontdeskUserId: actor.id, plan: plan.key },
        subscription_data: { metadata: { frontdeskUserId: actor.id, plan: plan.key } },
      },
      // The count of the customer's subscriptions is part of the key: once a session has been paid (and its
      // subscription has since ended), a new checkout must not replay that completed session.
      {
        idempotencyKey: `frontdesk-checkout-${actor.id}-${plan.key}-${Math.floor(now / CHECKOUT_WINDOW_MS)}-${subscriptions.data.length}`,
      },
    );
    if (!session.url) return fail("unavailable", "Stripe did not return a checkout page. Please try again.");
    return { ok: true, url: session.url };
  } catch (error) {
    return stripeFailure(error, "checkout");
  }
}
