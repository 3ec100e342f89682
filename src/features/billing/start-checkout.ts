import type Stripe from "stripe";
import { z } from "zod";
import { appUrl } from "@/config/env";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { fail, type Result } from "@/lib/result";
import { claimCheckoutGeneration } from "./checkout-generation";
import { ensureCustomer } from "./ensure-customer";
import { LIVE_STATUSES } from "./pick-subscription";
import { planByKey } from "./plans";
import { resolvePriceId } from "./resolve-price";
import { stripeFailure } from "./stripe-failure";

export const startCheckoutSchema = z.object({
  plan: z.enum(["individual_monthly", "individual_yearly"], { message: "Choose a plan." }),
});

/** Metadata on every Checkout Session the app makes: the checkout generation it belongs to. */
const GENERATION = "frontdeskCheckoutGeneration";

/** How often one request takes a fresh generation because its own session was already paid or expired. */
const MAX_ATTEMPTS = 3;

const SUPERSEDED =
  "A checkout for another plan was started in another tab or window, so this one was closed. Continue there, or choose a plan again.";

/** Sessions made before generations existed (no metadata) count as the oldest. */
function generationOf(session: Stripe.Checkout.Session): number {
  const value = Number(session.metadata?.[GENERATION]);
  return Number.isSafeInteger(value) ? value : 0;
}

function openSessions(stripe: Stripe, customer: string): Promise<Stripe.Checkout.Session[]> {
  return stripe.checkout.sessions
    .list({ customer, status: "open", limit: 100 })
    .autoPagingToArray({ limit: 1000 });
}

async function expire(stripe: Stripe, session: Stripe.Checkout.Session): Promise<void> {
  try {
    await stripe.checkout.sessions.expire(
      session.id,
      {},
      { idempotencyKey: `frontdesk-checkout-expire-${session.id}` },
    );
  } catch (error) {
    // Stripe refuses to expire a session that is no longer open: a concurrent request expired it, or it
    // was just paid (the sync then handles the duplicate). Only a session still open is a real failure.
    if ((error as { type?: string }).type !== "StripeInvalidRequestError") throw error;
    if ((await stripe.checkout.sessions.retrieve(session.id)).status === "open") throw error;
  }
}

/**
 * An individual Checkout Session for a plan key. The browser never chooses a price or a return URL.
 *
 * An account has at most one open Checkout Session, so two tabs cannot pay twice, without a database
 * transaction around any Stripe call:
 * 1. A short statement hands out the account's checkout generation: the same one while the plan stays
 *    the same (a double click or a second tab for that plan replays one session through the idempotency
 *    key), the next one for another plan. The session carries its generation in metadata.
 * 2. Before creating, every open session of an older generation is expired, so switching plans in
 *    turn never leaves the old one payable even for a moment.
 * 3. After creating, the request lists the customer's open sessions again and expires every one older
 *    than the newest it sees. If a newer one exists this request lost the race: it answers with that
 *    session when it is for the same plan, else with a sentence.
 * Why one session remains: let G be the highest generation that got a session. Nobody expires G's
 * session (only older ones are ever expired). For any older session g, either G's session existed
 * when g's request listed after creating (g's request expires g), or it did not, and then g's session
 * existed before G's request listed after creating (G's request expires g). So once the requests have
 * settled only G's session is open, and every URL handed out that was not G's has been expired. A
 * request that fails half-way may leave none open; the next click makes one.
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

    let stale: number | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const generation = await claimCheckoutGeneration(db, actor.id, plan.key, stale);
      for (const older of await openSessions(stripe, customer)) {
        if (generationOf(older) < generation) await expire(stripe, older);
      }
      const metadata = { frontdeskUserId: actor.id, plan: plan.key, [GENERATION]: String(generation) };
      const session = await stripe.checkout.sessions.create(
        {
          mode: "subscription",
          customer,
          client_reference_id: actor.id,
          line_items: [{ price, quantity: 1 }],
          success_url: `${appUrl()}/settings/billing?checkout={CHECKOUT_SESSION_ID}`,
          cancel_url: `${appUrl()}/upgrade?checkout=canceled`,
          metadata,
          subscription_data: { metadata: { frontdeskUserId: actor.id, plan: plan.key } },
        },
        { idempotencyKey: `frontdesk-checkout-${actor.id}-g${generation}` },
      );

      const open = await openSessions(stripe, customer);
      const newest = Math.max(generation, ...open.map(generationOf));
      for (const older of open) {
        if (generationOf(older) < newest) await expire(stripe, older);
      }
      if (newest > generation) {
        const winner = open.find((s) => generationOf(s) === newest);
        if (winner?.url && winner.metadata?.plan === plan.key) return { ok: true, url: winner.url };
        return fail("conflict", SUPERSEDED);
      }
      // The answer of an idempotent replay is the session as it was when first made; the list says
      // whether it is still open. If not (paid and since ended, or expired), take a fresh generation.
      const mine = open.find((s) => s.id === session.id);
      if (mine?.url) return { ok: true, url: mine.url };
      stale = generation;
    }
    return fail("unavailable", "Checkout could not start. Please try again in a moment.");
  } catch (error) {
    return stripeFailure(error, "checkout");
  }
}
