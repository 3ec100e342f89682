import { getAuth } from "@/auth/auth";
import { appTimeZone, authSecret, isDemoMode } from "@/config/env";
import { getDatabase } from "@/db/client";
import { plans } from "@/features/billing/plans";
import { ensurePrices } from "@/features/billing/resolve-price";
import { getStripe, stripeMode } from "@/features/billing/stripe-client";
import { ensureRollupZone } from "@/features/dashboard/rollup-zone";
import { startJobs } from "@/jobs/run-jobs";
import { type DemoBilling, demoLoginsText, seedDemo } from "@/seed/seed-demo";

/**
 * If start-up fails (no secret in production, database unreachable, a migration refused), the process
 * stops with the reason rather than serve errors.
 */
export async function startServerOrExit(): Promise<void> {
  try {
    await startServer();
  } catch (error) {
    console.error("[frontdesk] The server could not start:", error);
    process.exit(1);
  }
}

async function startServer(): Promise<void> {
  authSecret(); // refuses to start in production without a real secret
  appTimeZone(); // refuses an unknown APP_TIMEZONE
  const handle = await getDatabase(); // opens and migrates
  // The second and later processes of scripts/serve.mjs start after the first has done the rest.
  if (process.env.FRONTDESK_FOLLOWER !== "1") {
    // The dashboard's daily rollups count days in APP_TIMEZONE: rebuilt here if it changed since last start.
    if (await ensureRollupZone(handle.db, appTimeZone()))
      console.log(`[frontdesk] Recounted the dashboard's days in ${appTimeZone()}.`);
    // Before the seed: the demo's paying members check out against these prices.
    const pricesReady = stripeMode() === "emulator" && (await preparePlansInEmulator());
    if (isDemoMode()) {
      const seeded = await seedDemo(handle.db, await getAuth(), demoBilling(pricesReady));
      console.log(`[frontdesk] ${seeded ? "Seeded demo data. " : ""}${demoLoginsText()}`);
    }
    if (process.env.FRONTDESK_JOBS !== "off") startJobs(handle.db);
  }
  process.send?.({ type: "frontdesk:started" }); // to scripts/serve.mjs, when it runs several processes
}

/**
 * The emulator starts empty: create the plans' products and prices (waiting briefly for it to listen).
 * Answers whether it did; the server starts either way.
 */
async function preparePlansInEmulator(): Promise<boolean> {
  const stripe = getStripe()!;
  for (let attempt = 1; ; attempt++) {
    try {
      await ensurePrices(stripe, plans);
      return true;
    } catch (error) {
      if (attempt >= 40) {
        console.error(
          "[frontdesk] the Stripe emulator is not answering; checkout will fail until it does.",
          error,
        );
        return false;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Whether the demo's paying members can really pay (only on the emulator, once it has the prices). */
function demoBilling(pricesReady: boolean): DemoBilling {
  switch (stripeMode()) {
    case "live":
      return {
        skipped:
          "a real STRIPE_SECRET_KEY is set, and paying for demo members needs the Stripe emulator's test-card endpoints, which Stripe does not have",
      };
    case "off":
      return { skipped: "payments are not configured (no STRIPE_SECRET_KEY or STRIPE_EMULATOR_URL)" };
    case "emulator":
      return pricesReady
        ? { stripe: getStripe()!, emulatorUrl: process.env.STRIPE_EMULATOR_URL!.replace(/\/+$/, "") }
        : { skipped: `the Stripe emulator at ${process.env.STRIPE_EMULATOR_URL} did not answer` };
  }
}
