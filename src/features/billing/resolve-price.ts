import type Stripe from "stripe";
import type { Plan } from "./plans";

const cache = new Map<string, string>();

/** The Stripe price of a plan: from the environment if configured, else found by its lookup key. */
export async function resolvePriceId(stripe: Stripe, plan: Plan): Promise<string | null> {
  const configured = process.env[plan.priceEnv];
  if (configured) return configured;
  const cached = cache.get(plan.lookupKey);
  if (cached) return cached;
  const prices = await stripe.prices.list({ lookup_keys: [plan.lookupKey], active: true, limit: 1 });
  const id = prices.data[0]?.id ?? null;
  if (id) cache.set(plan.lookupKey, id);
  return id;
}

/** Creates any missing product and price for the plans (the setup command and the emulator use this). */
export async function ensurePrices(stripe: Stripe, plans: Plan[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const plan of plans) {
    const found = await stripe.prices.list({ lookup_keys: [plan.lookupKey], active: true, limit: 1 });
    let price = found.data[0];
    if (!price) {
      const product = await stripe.products.create({
        name: `Frontdesk ${plan.name}`,
        metadata: { plan: plan.key },
      });
      price = await stripe.prices.create({
        product: product.id,
        unit_amount: plan.amount,
        currency: plan.currency,
        recurring: { interval: plan.interval },
        lookup_key: plan.lookupKey,
        metadata: { plan: plan.key },
      });
    }
    ids[plan.key] = price.id;
    cache.set(plan.lookupKey, price.id);
  }
  return ids;
}
