export { optionsFromEnv } from "./env.js";
export {
  createStripeEmulator,
  DEFAULT_WEBHOOK_SECRET,
  type StripeEmulator,
  type StripeEmulatorOptions,
} from "./server.js";
