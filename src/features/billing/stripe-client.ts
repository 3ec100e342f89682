import Stripe from "stripe";

export type StripeMode = "live" | "emulator" | "off";

type Holder = { client?: Stripe; key?: string };
const scope = globalThis as { __frontdeskStripe?: Holder };
scope.__frontdeskStripe ??= {};
const holder: Holder = scope.__frontdeskStripe;

/**
 * Real Stripe when STRIPE_SECRET_KEY is set; otherwise the local emulator (SPEC §6) when
 * STRIPE_EMULATOR_URL is set — same SDK, same code path, only the host differs. Never both.
 */
export function stripeMode(): StripeMode {
  if (process.env.STRIPE_SECRET_KEY) return "live";
  if (process.env.STRIPE_EMULATOR_URL) return "emulator";
  return "off";
}

export function getStripe(): Stripe | null {
  const mode = stripeMode();
  if (mode === "off") return null;
  const key =
    mode === "live" ? process.env.STRIPE_SECRET_KEY! : `emulator:${process.env.STRIPE_EMULATOR_URL}`;
  if (holder.client && holder.key === key) return holder.client;
  holder.key = key;
  if (mode === "live") {
    holder.client = new Stripe(process.env.STRIPE_SECRET_KEY!, { maxNetworkRetries: 2, timeout: 20_000 });
  } else {
    const url = new URL(process.env.STRIPE_EMULATOR_URL!);
    holder.client = new Stripe("sk_test_frontdesk_emulator", {
      host: url.hostname,
      port: Number(url.port || 80),
      protocol: url.protocol === "https:" ? "https" : "http",
      maxNetworkRetries: 0,
      timeout: Number(process.env.STRIPE_TIMEOUT_MS ?? 10_000),
    });
  }
  return holder.client;
}

export function webhookSecret(): string | null {
  return process.env.STRIPE_WEBHOOK_SECRET || null;
}
