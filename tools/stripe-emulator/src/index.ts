export { CARD_FAILS_LATER, CARD_SUCCEEDS } from "./cards.js";
export { DEFAULT_PORT, optionsFromEnv } from "./env.js";
export {
  createStripeEmulator,
  DEFAULT_WEBHOOK_SECRET,
  type StripeEmulator,
  type StripeEmulatorOptions,
} from "./server.js";
export type { State, Store } from "./store.js";
export { type Delivery, signatureHeader } from "./webhooks.js";
