// Shared setup for the emulator's own tests: an emulator, an SDK client pointed
// at it, and a webhook receiver that verifies signatures the way the app does.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { createStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from "./src/index.js";

const WEBHOOK_SECRET = "whsec_test_emulator_suite";

export interface Receiver {
  url: string;
  /** Events that arrived with a valid signature, in arrival order. */
  events: Stripe.Event[];
  /** Every request, including ones answered with an injected failure. */
  attempts: Array<{ eventId: string; status: number }>;
  signatureErrors: string[];
  /** Answer the next `n` deliveries with HTTP 500. */
  failNext(n: number): void;
  close(): Promise<void>;
}

async function startReceiver(secret = WEBHOOK_SECRET): Promise<Receiver> {
  const verifier = new Stripe("sk_test_receiver");
  let failures = 0;
  const receiver: Omit<Receiver, "url" | "close"> = {
    events: [],
    attempts: [],
    signatureErrors: [],
    failNext(n) {
      failures = n;
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      let event: Stripe.Event;
      try {
        event = verifier.webhooks.constructEvent(raw, String(req.headers["stripe-signature"]), secret);
      } catch (err) {
        receiver.signatureErrors.push(err instanceof Error ? err.message : String(err));
        res.writeHead(400).end();
        return;
      }
      const status = failures > 0 ? 500 : 200;
      if (failures > 0) failures -= 1;
      receiver.attempts.push({ eventId: event.id, status });
      if (status === 200) receiver.events.push(event);
      res.writeHead(status, { "Content-Type": "application/json" }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...receiver,
    url: `http://127.0.0.1:${port}/webhook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface Harness {
  emulator: StripeEmulator;
  stripe: Stripe;
  receiver: Receiver;
  /** Calls a `/_emulator` control endpoint and returns status and JSON. */
  control<T = Record<string, unknown>>(path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startHarness(options: StripeEmulatorOptions = {}): Promise<Harness> {
  const receiver = await startReceiver();
  const emulator = await createStripeEmulator({
    port: 0,
    webhookUrl: receiver.url,
    webhookSecret: WEBHOOK_SECRET,
    webhookBackoffMs: 20,
    ...options,
  });
  const stripe = new Stripe("sk_test_emulator", {
    host: "127.0.0.1",
    port: emulator.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
  return {
    emulator,
    stripe,
    receiver,
    async control<T>(path: string, body?: unknown) {
      const res = await fetch(`${emulator.url}/_emulator/${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { "Content-Type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as T };
    },
    async close() {
      await emulator.close();
      await receiver.close();
    },
  };
}

/** A product with a monthly per-seat price, as the app's setup would create. */
export async function createPlan(
  stripe: Stripe,
  overrides: { unit_amount?: number; interval?: "day" | "week" | "month" | "year"; lookup_key?: string } = {},
): Promise<{ product: Stripe.Product; price: Stripe.Price }> {
  const product = await stripe.products.create({ name: "Team", metadata: { plan: "team" } });
  const price = await stripe.prices.create({
    product: product.id,
    unit_amount: overrides.unit_amount ?? 1500,
    currency: "usd",
    recurring: { interval: overrides.interval ?? "month" },
    ...(overrides.lookup_key ? { lookup_key: overrides.lookup_key } : {}),
  });
  return { product, price };
}

/** Creates a customer and a paid subscription through Checkout. */
export async function subscribe(
  h: Harness,
  options: { card?: string; quantity?: number; interval?: "day" | "week" | "month" | "year" } = {},
): Promise<{ customer: Stripe.Customer; subscription: Stripe.Subscription; price: Stripe.Price }> {
  const { price } = await createPlan(h.stripe, options.interval ? { interval: options.interval } : {});
  const customer = await h.stripe.customers.create({
    email: "ada@example.com",
    metadata: { accountId: "acc_1" },
  });
  const session = await h.stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    line_items: [{ price: price.id, quantity: options.quantity ?? 1 }],
    success_url: "http://localhost:3000/billing/success?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://localhost:3000/upgrade",
    subscription_data: { metadata: { accountId: "acc_1" } },
  });
  const paid = await h.control("pay", { sessionId: session.id, card: options.card ?? "4242 4242 4242 4242" });
  if (paid.status !== 200) throw new Error(`pay failed: ${JSON.stringify(paid.body)}`);
  const subscription = await h.stripe.subscriptions.retrieve(
    String((paid.body.session as { subscription: string }).subscription),
  );
  return { customer, subscription, price };
}

export async function eventsOfType(h: Harness, type: string): Promise<Stripe.Event[]> {
  await h.control("flush", { timeoutMs: 5000 });
  return h.receiver.events.filter((e) => e.type === type);
}
