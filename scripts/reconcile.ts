// `npm run reconcile`: sync every account and team that has a Stripe customer with Stripe and report the drift.
import { closeDatabase, getDb } from "@/db/client";
import { describeDrift, reconcileBilling } from "@/features/billing/reconcile-billing";
import { getStripe } from "@/features/billing/stripe-client";

const stripe = getStripe();
if (!stripe) {
  console.error("Set STRIPE_SECRET_KEY (or STRIPE_EMULATOR_URL) to reconcile with Stripe.");
  process.exit(1);
}
const report = await reconcileBilling(await getDb(), stripe, null);
console.log(
  `Checked ${report.checked} Stripe customers (accounts and teams): ${report.changed.length} repaired, ${report.failed.length} failed.`,
);
for (const c of report.changed) console.log(`  repaired ${describeDrift(c)}`);
for (const f of report.failed) console.log(`  failed ${f.customerId}: ${f.error}`);
await closeDatabase();
process.exit(report.failed.length ? 1 : 0);
