import type Stripe from "stripe";
import { type Plan, plans } from "./plans";
import { resolvePriceId } from "./resolve-price";

/** Which of our plans a Stripe price is (prices are resolved once and cached). */
export async function planOfPrice(stripe: Stripe, priceId: string | null): Promise<Plan | null> {
  if (!priceId) return null;
  for (const plan of plans) {
    if ((await resolvePriceId(stripe, plan).catch(() => null)) === priceId) return plan;
  }
  return null;
}
