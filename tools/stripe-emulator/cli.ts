// Starts the Stripe emulator from environment variables:
//   npx tsx tools/stripe-emulator/cli.ts [--verbose]
import { createStripeEmulator, DEFAULT_WEBHOOK_SECRET, optionsFromEnv } from "./src/index.js";

const options = optionsFromEnv();
if (process.argv.includes("--verbose") || process.env.STRIPE_EMULATOR_LOG === "1") {
  options.log = (line) => console.log(`[stripe-emulator] ${line}`);
}

const emulator = await createStripeEmulator(options).catch((error: NodeJS.ErrnoException) => {
  if (error.code !== "EADDRINUSE") throw error;
  console.error(
    `[stripe-emulator] Port ${options.port} is already in use: stop what is using it, or pick another port with STRIPE_EMULATOR_PORT.`,
  );
  process.exit(2);
});
const { hostname, port } = new URL(emulator.url);

console.log(`Stripe emulator — test mode, no real payment — listening on ${emulator.url}`);
console.log(`  SDK:      new Stripe("sk_test_…", { host: "${hostname}", port: ${port}, protocol: "http" })`);
console.log(`  Webhooks: ${options.webhookUrl ?? "(none; set STRIPE_EMULATOR_WEBHOOK_URL)"}`);
if (!options.webhookSecret) {
  console.log(`  Secret:   ${DEFAULT_WEBHOOK_SECRET} (default; set STRIPE_WEBHOOK_SECRET to match the app)`);
}
if (options.stateFile) console.log(`  State:    ${options.stateFile}`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void emulator.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
