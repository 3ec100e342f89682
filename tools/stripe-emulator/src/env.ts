import type { StripeEmulatorOptions } from "./server.js";

const DEFAULT_PORT = 12111;

function intFrom(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got '${value}'`);
  return n;
}

/**
 * Options from the environment, for the CLI and for an app dev script that
 * starts the emulator in-process with the same variables.
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): StripeEmulatorOptions {
  const options: StripeEmulatorOptions = {
    port: intFrom(env.STRIPE_EMULATOR_PORT, "STRIPE_EMULATOR_PORT") ?? DEFAULT_PORT,
  };
  if (env.STRIPE_EMULATOR_HOST) options.host = env.STRIPE_EMULATOR_HOST;
  if (env.STRIPE_EMULATOR_WEBHOOK_URL) options.webhookUrl = env.STRIPE_EMULATOR_WEBHOOK_URL;
  if (env.STRIPE_WEBHOOK_SECRET) options.webhookSecret = env.STRIPE_WEBHOOK_SECRET;
  if (env.STRIPE_EMULATOR_STATE_FILE) options.stateFile = env.STRIPE_EMULATOR_STATE_FILE;
  if (env.STRIPE_EMULATOR_PUBLIC_URL) options.publicUrl = env.STRIPE_EMULATOR_PUBLIC_URL;
  const attempts = intFrom(env.STRIPE_EMULATOR_WEBHOOK_MAX_ATTEMPTS, "STRIPE_EMULATOR_WEBHOOK_MAX_ATTEMPTS");
  if (attempts !== undefined) options.webhookMaxAttempts = attempts;
  const dunningDays = intFrom(env.STRIPE_EMULATOR_DUNNING_DAYS, "STRIPE_EMULATOR_DUNNING_DAYS");
  if (dunningDays !== undefined) options.dunningDays = dunningDays;
  return options;
}
