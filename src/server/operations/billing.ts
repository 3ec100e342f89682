// Guarded operations behind the billing routes, the billing page and the admin's billing tools. Stripe
// (or the emulator) is resolved here once; without it the answer is a plain sentence.
import type Stripe from "stripe";
import { z } from "zod";
import type { TeamBillingStatus } from "@/db/schema/values";
import type { Database } from "@/db/types";
import type { MembershipStatus } from "@/features/accounts/access";
import type { Actor } from "@/features/accounts/load-actor";
import { billingProfile } from "@/features/billing/billing-profile";
import { completeCheckoutReturn } from "@/features/billing/complete-checkout-return";
import { handleStripeWebhook } from "@/features/billing/handle-stripe-webhook";
import { listDuplicateRefunds } from "@/features/billing/list-duplicate-refunds";
import { listInvoices } from "@/features/billing/list-invoices";
import { listPlanPrices } from "@/features/billing/list-plan-prices";
import { listStripeEvents, listStripeEventsSchema } from "@/features/billing/list-stripe-events";
import { openBillingPortal } from "@/features/billing/open-billing-portal";
import { planOfPrice } from "@/features/billing/plan-of-price";
import { reconcileBilling } from "@/features/billing/reconcile-billing";
import { setBillingExemption, setBillingExemptionSchema } from "@/features/billing/set-billing-exemption";
import { setCancelAtPeriodEnd } from "@/features/billing/set-cancel-at-period-end";
import { startCheckout, startCheckoutSchema } from "@/features/billing/start-checkout";
import { getStripe, webhookSecret } from "@/features/billing/stripe-client";
import { openTeamBillingPortal } from "@/features/team-billing/open-team-billing-portal";
import { setTeamCancelAtPeriodEnd } from "@/features/team-billing/set-team-cancel-at-period-end";
import { idText } from "@/features/teams/team-lock";
import { fail, type Result } from "@/lib/result";
import { defineOperation } from "./define-operation";

const noInput = z.unknown();

/**
 * Portal, cancel and resume act on a team's billing when given its id, else on the caller's own, as they
 * always did: a body without `teamId` (or none at all, or one that is not an object) is the individual's.
 */
const billingTarget = z.preprocess(
  (raw) => (raw && typeof raw === "object" && !Array.isArray(raw) ? raw : {}),
  z.object({ teamId: idText("Choose a team.").nullish() }),
);

/** Runs `fn` with the Stripe client, or answers that payments are not configured. */
export function withStripe<T extends object>(fn: (stripe: Stripe) => Promise<Result<T>>): Promise<Result<T>> {
  const stripe = getStripe();
  if (!stripe) return Promise.resolve(fail("unavailable", "Payments are not configured on this server."));
  return fn(stripe);
}

/** What cancel and resume answer: an account's membership, or a team's billing status. */
type CancelAnswer = {
  cancelAtPeriodEnd: boolean;
  membershipStatus?: MembershipStatus;
  billingStatus?: TeamBillingStatus;
};

export const checkoutOperation = defineOperation({
  name: "start checkout",
  access: "signed-in",
  input: startCheckoutSchema,
  run: ({ db, actor }, input) => withStripe((stripe) => startCheckout(db, stripe, actor, input)),
});

export const portalOperation = defineOperation({
  name: "open billing portal",
  access: "signed-in",
  input: billingTarget,
  run: ({ db, actor }, { teamId }) =>
    withStripe((stripe) =>
      teamId ? openTeamBillingPortal(db, stripe, actor, teamId) : openBillingPortal(db, stripe, actor),
    ),
});

const cancelOrResume =
  (cancel: boolean) =>
  ({ db, actor }: { db: Database; actor: Actor }, { teamId }: { teamId?: string | null }) =>
    withStripe<CancelAnswer>((stripe) =>
      teamId
        ? setTeamCancelAtPeriodEnd(db, stripe, actor, teamId, cancel)
        : setCancelAtPeriodEnd(db, stripe, actor, cancel),
    );

export const cancelOperation = defineOperation({
  name: "cancel at period end",
  access: "signed-in",
  input: billingTarget,
  run: cancelOrResume(true),
});

export const resumeOperation = defineOperation({
  name: "resume subscription",
  access: "signed-in",
  input: billingTarget,
  run: cancelOrResume(false),
});

/** Back from checkout with a session id: the same sync the webhook runs, so access does not wait for it. */
export const checkoutReturnOperation = defineOperation({
  name: "checkout return",
  access: "signed-in",
  input: z.object({ sessionId: z.string().max(255) }),
  run: ({ db, actor }, { sessionId }) =>
    withStripe(async (stripe) => ({
      ok: true,
      synced: await completeCheckoutReturn(db, stripe, actor, sessionId),
    })),
});

/** What the billing page shows: the account's Stripe linkage, its plan and recent invoices. */
export const billingOverviewOperation = defineOperation({
  name: "billing overview",
  access: "signed-in",
  input: noInput,
  run: async ({ db, actor }) => {
    const stripe = getStripe();
    const billing = await billingProfile(db, actor.id);
    const plan = stripe ? await planOfPrice(stripe, billing?.priceId ?? null) : null;
    const invoices = stripe && billing?.customerId ? await listInvoices(stripe, billing.customerId) : [];
    return { ok: true, paymentsConfigured: stripe !== null, billing, plan, invoices };
  },
});

/** The plans and their prices for the public pricing page (read from Stripe, cached). */
export const planPricesOperation = defineOperation({
  name: "plan prices",
  access: "public",
  input: noInput,
  run: async () => ({ ok: true, prices: await listPlanPrices(getStripe()) }),
});

export const billingExemptionOperation = defineOperation({
  name: "set billing exemption",
  access: "admin",
  input: setBillingExemptionSchema,
  run: ({ db, actor }, input) => setBillingExemption(db, getStripe(), actor, input),
});

export const reconcileOperation = defineOperation({
  name: "reconcile billing",
  access: "admin",
  input: noInput,
  run: ({ db, actor }) =>
    withStripe(async (stripe) => ({ ok: true, report: await reconcileBilling(db, stripe, actor.id) })),
});

export const listStripeEventsOperation = defineOperation({
  name: "list stripe events",
  access: "admin",
  input: listStripeEventsSchema,
  run: ({ db, actor }, input) => listStripeEvents(db, actor, input),
});

/** Duplicate subscriptions the sync canceled and refunded, for the admin's billing page. */
export const listDuplicateRefundsOperation = defineOperation({
  name: "list refunded duplicates",
  access: "admin",
  input: noInput,
  run: ({ db, actor }) => listDuplicateRefunds(db, actor),
});

/**
 * Stripe's only way in: public by design, trusted only through the signature on the raw body. The answer
 * is Stripe-facing (status and body), which the route sends as it is.
 */
export const stripeWebhookOperation = defineOperation({
  name: "stripe webhook",
  access: "public",
  input: z.object({ payload: z.string(), signature: z.string().nullable() }),
  run: async ({ db }, { payload, signature }) => {
    const stripe = getStripe();
    const secret = webhookSecret();
    if (!stripe || !secret) return fail("unavailable", "Billing is not configured.");
    return { ok: true, answer: await handleStripeWebhook(db, stripe, secret, payload, signature) };
  },
});
