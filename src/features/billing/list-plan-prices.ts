import type Stripe from "stripe";
import { type Plan, type PlanKey, plans } from "./plans";
import { resolvePriceId } from "./resolve-price";

export type PlanPrice = {
  key: PlanKey;
  name: string;
  kind: Plan["kind"];
  interval: Plan["interval"];
  /** In the smallest currency unit; per seat for team plans. */
  amount: number;
  currency: string;
  /** Whether the amount is Stripe's own (false: Stripe was unreachable and the configured one is shown). */
  fromStripe: boolean;
};

const TTL_MS = 10 * 60_000;
let cached: { at: number; prices: PlanPrice[] } | null = null;

/**
 * The plans with the prices Stripe charges for them, for the public pricing page. Read at most every ten
 * minutes (a marketing page must not call Stripe per visit); if Stripe cannot be reached the configured
 * amounts are shown, which are what `npm run stripe:setup` creates.
 */
export async function listPlanPrices(stripe: Stripe | null, now = Date.now()): Promise<PlanPrice[]> {
  if (cached && now - cached.at < TTL_MS) return cached.prices;
  const prices = await Promise.all(plans.map((plan) => priceOf(stripe, plan)));
  if (prices.every((p) => p.fromStripe)) cached = { at: now, prices };
  return prices;
}

async function priceOf(stripe: Stripe | null, plan: Plan): Promise<PlanPrice> {
  const configured: PlanPrice = {
    key: plan.key,
    name: plan.name,
    kind: plan.kind,
    interval: plan.interval,
    amount: plan.amount,
    currency: plan.currency,
    fromStripe: false,
  };
  if (!stripe) return configured;
  try {
    const id = await resolvePriceId(stripe, plan);
    if (!id) return configured;
    const price = await stripe.prices.retrieve(id);
    if (price.unit_amount === null) return configured;
    return { ...configured, amount: price.unit_amount, currency: price.currency, fromStripe: true };
  } catch (error) {
    console.error(`[stripe] reading the price of ${plan.key} failed:`, error);
    return configured;
  }
}

/** Forgets the cached prices (tests, and after `npm run stripe:setup` changes them). */
export function forgetPlanPrices(): void {
  cached = null;
}
