// `npm run stripe:setup`: create Frontdesk's products and prices in a real Stripe account (idempotent:
// existing prices are found by lookup key) and print the environment lines to configure the app.
import Stripe from "stripe";
import { plans } from "@/features/billing/plans";
import { ensurePrices } from "@/features/billing/resolve-price";

const key = process.env.STRIPE_SECRET_KEY;
if (!key) {
  console.error(
    "Set STRIPE_SECRET_KEY to the account's secret key, e.g. STRIPE_SECRET_KEY=sk_test_… npm run stripe:setup",
  );
  process.exit(1);
}
const ids = await ensurePrices(new Stripe(key), plans);
console.log("# Add these to the app's environment:");
for (const plan of plans) console.log(`${plan.priceEnv}=${ids[plan.key]}`);
console.log(
  "# And create a webhook endpoint for https://<your app>/api/webhooks/stripe, then set STRIPE_WEBHOOK_SECRET.",
);
