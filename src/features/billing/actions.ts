// Guarded operations behind the billing routes and admin actions: session and permission first, then
// the feature function (which checks again), with Stripe resolved once here.
import type Stripe from "stripe";
import { z } from "zod";
import { type Context, guarded } from "@/auth/guards";
import { fail, type Result } from "@/lib/result";
import { openBillingPortal } from "./open-billing-portal";
import { reconcileBilling } from "./reconcile-billing";
import { setBillingExemption, setBillingExemptionSchema } from "./set-billing-exemption";
import { setCancelAtPeriodEnd } from "./set-cancel-at-period-end";
import { startCheckout, startCheckoutSchema } from "./start-checkout";
import { getStripe } from "./stripe-client";

const noInput = z.unknown();

/** A handler that needs Stripe; without it (no key and no emulator) the answer is a plain sentence. */
const withStripe =
  <I, T extends object>(handler: (ctx: Context, stripe: Stripe, input: I) => Promise<Result<T>>) =>
  (ctx: Context, input: I): Promise<Result<T>> => {
    const stripe = getStripe();
    if (!stripe) return Promise.resolve(fail("unavailable", "Payments are not configured on this server."));
    return handler(ctx, stripe, input);
  };

export const checkoutOperation = guarded(
  "signed-in",
  startCheckoutSchema,
  withStripe(({ db, actor }, stripe, input) => startCheckout(db, stripe, actor, input)),
);

export const portalOperation = guarded(
  "signed-in",
  noInput,
  withStripe(({ db, actor }, stripe) => openBillingPortal(db, stripe, actor)),
);

export const cancelOperation = guarded(
  "signed-in",
  noInput,
  withStripe(({ db, actor }, stripe) => setCancelAtPeriodEnd(db, stripe, actor, true)),
);

export const resumeOperation = guarded(
  "signed-in",
  noInput,
  withStripe(({ db, actor }, stripe) => setCancelAtPeriodEnd(db, stripe, actor, false)),
);

export const billingExemptionOperation = guarded("admin", setBillingExemptionSchema, ({ db, actor }, input) =>
  setBillingExemption(db, getStripe(), actor, input),
);

export const reconcileOperation = guarded(
  "admin",
  noInput,
  withStripe(async ({ db, actor }, stripe) => ({
    ok: true as const,
    report: await reconcileBilling(db, stripe, actor.id),
  })),
);
