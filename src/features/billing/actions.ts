// Guarded operations behind the billing routes and admin actions: session and permission first, then
// the feature function (which checks again), with Stripe resolved once here.
import { z } from "zod";
import { guarded } from "@/auth/guards";
import { fail } from "@/lib/result";
import { openBillingPortal } from "./open-billing-portal";
import { reconcileBilling } from "./reconcile-billing";
import { setBillingExemption, setBillingExemptionSchema } from "./set-billing-exemption";
import { setCancelAtPeriodEnd } from "./set-cancel-at-period-end";
import { startCheckout, startCheckoutSchema } from "./start-checkout";
import { getStripe } from "./stripe-client";

const noInput = z.unknown();
const paymentsOff = () => fail("unavailable", "Payments are not configured on this server.");

export const checkoutOperation = guarded("signed-in", startCheckoutSchema, ({ db, actor }, input) => {
  const stripe = getStripe();
  return stripe ? startCheckout(db, stripe, actor, input) : Promise.resolve(paymentsOff());
});

export const portalOperation = guarded("signed-in", noInput, ({ db, actor }) => {
  const stripe = getStripe();
  return stripe ? openBillingPortal(db, stripe, actor) : Promise.resolve(paymentsOff());
});

export const cancelOperation = guarded("signed-in", noInput, ({ db, actor }) => {
  const stripe = getStripe();
  return stripe ? setCancelAtPeriodEnd(db, stripe, actor, true) : Promise.resolve(paymentsOff());
});

export const resumeOperation = guarded("signed-in", noInput, ({ db, actor }) => {
  const stripe = getStripe();
  return stripe ? setCancelAtPeriodEnd(db, stripe, actor, false) : Promise.resolve(paymentsOff());
});

export const billingExemptionOperation = guarded("admin", setBillingExemptionSchema, ({ db, actor }, input) =>
  setBillingExemption(db, getStripe(), actor, input),
);

export const reconcileOperation = guarded("admin", noInput, async ({ db, actor }) => {
  const stripe = getStripe();
  if (!stripe) return paymentsOff();
  return { ok: true as const, report: await reconcileBilling(db, stripe, actor.id) };
});
