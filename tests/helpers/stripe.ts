// Billing tests against the in-process Stripe emulator: the app's own Stripe client (stripe-client.ts)
// pointed at it, and its webhooks delivered over HTTP to the real route handler with the raw body.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { POST as checkoutRoute } from "../../src/app/api/stripe/checkout/route";
import { POST as checkoutOrgRoute } from "../../src/app/api/stripe/checkout-org/route";
import { POST as seatsRoute } from "../../src/app/api/stripe/seats/route";
import { POST as webhookRoute } from "../../src/app/api/webhooks/stripe/route";
import { pickSubscription } from "../../src/features/billing/pick-subscription";
import { plans } from "../../src/features/billing/plans";
import { ensurePrices } from "../../src/features/billing/resolve-price";
import { getStripe } from "../../src/features/billing/stripe-client";
import { createStripeEmulator, type StripeEmulator } from "../../tools/stripe-emulator/src/index";
import { systemRows } from "./db";

export const TEST_WEBHOOK_SECRET = "whsec_frontdesk_billing_tests";
export const CARD_OK = "4242424242424242";
export const CARD_FAILS_LATER = "4000000000000341";
export const APP = "http://localhost:3000";

export type StripeHarness = {
  emulator: StripeEmulator;
  /** The app's own client (same instance the feature code uses). */
  stripe: Stripe;
  prices: Record<string, string>;
  /** Calls an `/_emulator/…` control endpoint. */
  control<T = Record<string, unknown>>(
    path: string,
    body?: unknown,
    method?: string,
  ): Promise<{ status: number; body: T }>;
  /** Waits until the emulator has delivered (or given up on) every queued webhook. */
  settle(): Promise<void>;
  /** Turns automatic webhook delivery to the app on or off (off: events are only recorded in the emulator). */
  setDelivery(on: boolean): Promise<void>;
  /** Advances the emulator's clock (renewals, period ends, dunning run) and waits for the webhooks. */
  advanceDays(days: number): Promise<{ id: string; type: string }[]>;
  /** The same, to an instant (unix seconds) rather than by days. */
  advanceTo(seconds: number): Promise<{ id: string; type: string }[]>;
  /** The emulator's clock now, in unix seconds. */
  clock(): Promise<number>;
  close(): Promise<void>;
};

/**
 * One emulator per test file. Must run before anything calls getStripe(): the client is created (and
 * cached per URL) from STRIPE_EMULATOR_URL, and STRIPE_TIMEOUT_MS is read only then.
 */
export async function startStripeHarness(options: { timeoutMs?: number } = {}): Promise<StripeHarness> {
  const receiver = await startWebhookReceiver();
  const emulator = await createStripeEmulator({
    port: 0,
    webhookUrl: receiver.url,
    webhookSecret: TEST_WEBHOOK_SECRET,
    // A failed delivery is retried quickly, so a test waiting for the queue does not wait for long.
    webhookBackoffMs: 25,
    webhookMaxAttempts: 4,
  });
  delete process.env.STRIPE_SECRET_KEY;
  process.env.STRIPE_EMULATOR_URL = emulator.url;
  process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
  process.env.STRIPE_TIMEOUT_MS = String(options.timeoutMs ?? 10_000);
  const stripe = getStripe()!;
  const prices = await ensurePrices(stripe, plans);

  const control: StripeHarness["control"] = async (path, body, method) => {
    const response = await fetch(`${emulator.url}/_emulator/${path}`, {
      method: method ?? (body === undefined ? "GET" : "POST"),
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const settle = async () => {
    if (!(await emulator.flush(15_000))) throw new Error("webhook deliveries did not settle in 15 s");
  };
  return {
    emulator,
    stripe,
    prices,
    control,
    settle,
    async setDelivery(on) {
      await settle();
      await control("config", { webhookUrl: on ? receiver.url : null });
    },
    async advanceDays(days) {
      const answer = await control<{ events: { id: string; type: string }[] }>("clock/advance", { days });
      if (answer.status !== 200) throw new Error(`clock advance failed: ${JSON.stringify(answer.body)}`);
      await settle();
      return answer.body.events;
    },
    async advanceTo(seconds) {
      const answer = await control<{ events: { id: string; type: string }[] }>("clock/advance", {
        to: seconds,
      });
      if (answer.status !== 200) throw new Error(`clock advance failed: ${JSON.stringify(answer.body)}`);
      await settle();
      return answer.body.events;
    },
    async clock() {
      return (await control<{ now: number }>("clock")).body.now;
    },
    async close() {
      await emulator.flush(5_000);
      await emulator.close();
      await receiver.close();
    },
  };
}

/**
 * Resolves once every injected fault has been taken by a request (a taken rule leaves the emulator's
 * list): after it, a "hang" fault means that request is being held right now.
 */
export async function untilFaultsTaken(harness: StripeHarness): Promise<void> {
  for (;;) {
    const { body } = await harness.control<{ rules: unknown[] }>("fail-next");
    if (body.rules.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The given client, except that the first `subscriptions.<method>` call, once Stripe has answered it,
 * waits for `between` to finish before its caller sees the answer: other work runs exactly between
 * that Stripe call and whatever the caller does next, with no timing involved.
 */
export function pausingAfter(
  stripe: Stripe,
  method: "list" | "cancel",
  between: () => Promise<unknown>,
): Stripe {
  let paused = false;
  const subscriptions = new Proxy(stripe.subscriptions, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop !== method) return value.bind(target);
      return async (...args: unknown[]) => {
        const answer = await value.apply(target, args);
        if (!paused) {
          paused = true;
          await between();
        }
        return answer;
      };
    },
  });
  return new Proxy(stripe, {
    get: (target, prop) => (prop === "subscriptions" ? subscriptions : Reflect.get(target, prop, target)),
  });
}

/** A local HTTP endpoint that hands the raw body and headers to the real webhook route handler. */
async function startWebhookReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      try {
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
        const response = await webhookRoute(
          new Request(`${APP}/api/webhooks/stripe`, { method: "POST", headers, body: Buffer.concat(chunks) }),
        );
        res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/stripe`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Signs a payload as Stripe would (or with another secret / an old timestamp, for refusal tests). */
export function signedWebhook(
  stripe: Stripe,
  payload: string,
  options: { secret?: string; timestamp?: number; signature?: string | null } = {},
): Request {
  const headers = new Headers({ "content-type": "application/json" });
  const signature =
    options.signature !== undefined
      ? options.signature
      : stripe.webhooks.generateTestHeaderString({
          payload,
          secret: options.secret ?? TEST_WEBHOOK_SECRET,
          timestamp: options.timestamp,
        });
  if (signature !== null) headers.set("stripe-signature", signature);
  return new Request(`${APP}/api/webhooks/stripe`, { method: "POST", headers, body: payload });
}

/** Delivers an event to the real route handler, signed with the test secret; answers status and body. */
export async function deliver(stripe: Stripe, event: Stripe.Event | Record<string, unknown>) {
  const response = await webhookRoute(signedWebhook(stripe, JSON.stringify(event)));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A route's JSON answer; `url` is there on the success of checkout and portal. */
export type RouteBody = Record<string, unknown> & { url: string };

/** Calls a billing route handler as the holder of these session headers, with a JSON body. */
export async function callRoute(
  route: (request: Request) => Promise<Response>,
  path: string,
  headers: Headers,
  body?: unknown,
): Promise<{ status: number; body: RouteBody }> {
  const h = new Headers(headers);
  h.set("content-type", "application/json");
  const response = await route(
    new Request(`${APP}${path}`, {
      method: "POST",
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return { status: response.status, body: await response.json() };
}

export const sessionIdOf = (url: string) => new URL(url).pathname.split("/").pop()!;

/**
 * The member starts checkout through the real route and pays on the emulator (4242 by default), then the
 * webhooks are delivered. Answers the subscription the emulator created.
 */
export async function subscribe(
  harness: StripeHarness,
  headers: Headers,
  options: { plan?: string; card?: string } = {},
): Promise<{ sessionId: string; subscription: Stripe.Subscription; customer: string }> {
  const started = await callRoute(checkoutRoute, "/api/stripe/checkout", headers, {
    plan: options.plan ?? "individual_monthly",
  });
  if (started.status !== 200) throw new Error(`checkout failed: ${JSON.stringify(started.body)}`);
  const sessionId = sessionIdOf(started.body.url);
  const paid = await harness.control<{ subscription: Stripe.Subscription }>("pay", {
    sessionId,
    card: options.card ?? CARD_OK,
  });
  if (paid.status !== 200) throw new Error(`payment failed: ${JSON.stringify(paid.body)}`);
  await harness.settle();
  return {
    sessionId,
    subscription: paid.body.subscription,
    customer: paid.body.subscription.customer as string,
  };
}

/** Starts a team checkout through the real route (`/api/stripe/checkout-org`). */
export const teamCheckout = (headers: Headers, body: unknown) =>
  callRoute(checkoutOrgRoute, "/api/stripe/checkout-org", headers, body);

/** Changes a team's seats through the real route (`/api/stripe/seats`). */
export const changeSeats = (headers: Headers, body: unknown) =>
  callRoute(seatsRoute, "/api/stripe/seats", headers, body);

/**
 * An owner or admin buys seats for the team through the real route and pays on the emulator (4242 by
 * default; the subscription's quantity is the session's), then the webhooks are delivered. Answers the
 * subscription the emulator created and the team's customer.
 */
export async function subscribeTeam(
  harness: StripeHarness,
  headers: Headers,
  teamId: string,
  options: { plan?: string; seats?: number; card?: string } = {},
): Promise<{ sessionId: string; subscription: Stripe.Subscription; customer: string }> {
  const started = await teamCheckout(headers, {
    teamId,
    plan: options.plan ?? "team_monthly",
    seats: options.seats ?? 3,
  });
  if (started.status !== 200) throw new Error(`team checkout failed: ${JSON.stringify(started.body)}`);
  const sessionId = sessionIdOf(started.body.url);
  const paid = await harness.control<{ subscription: Stripe.Subscription }>("pay", {
    sessionId,
    card: options.card ?? CARD_OK,
  });
  if (paid.status !== 200) throw new Error(`payment failed: ${JSON.stringify(paid.body)}`);
  await harness.settle();
  return {
    sessionId,
    subscription: paid.body.subscription,
    customer: paid.body.subscription.customer as string,
  };
}

/** The customer's subscriptions as the emulator has them now (including canceled ones). */
export async function subscriptionsOf(stripe: Stripe, customer: string): Promise<Stripe.Subscription[]> {
  return (await stripe.subscriptions.list({ customer, status: "all", limit: 100 })).data;
}

/** Every event the emulator recorded about a customer, oldest first. */
export async function eventsOf(stripe: Stripe, customer: string, type?: string): Promise<Stripe.Event[]> {
  const all = await stripe.events
    .list({ limit: 100, ...(type ? { type } : {}) })
    .autoPagingToArray({ limit: 10_000 });
  return all
    .filter((e) => {
      const object = e.data.object as { id?: string; customer?: string | null };
      return object.customer === customer || object.id === customer;
    })
    .reverse();
}

export type MembershipRow = {
  membership_status: string;
  billing_exempt: boolean;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  stripe_price_id: string | null;
  cancel_at_period_end: boolean;
  billing_period_end: Date | null;
  grace_ends_at: Date | null;
  trial_ends_at: Date | null;
};

/** The account's billing columns as the database holds them. */
export async function membershipOf(userId: string): Promise<MembershipRow> {
  const [row] = await systemRows<MembershipRow>(
    sql`select membership_status, billing_exempt, stripe_customer_id, stripe_subscription_id, stripe_price_id,
               cancel_at_period_end, billing_period_end, grace_ends_at, trial_ends_at
        from profiles where id = ${userId}`,
  );
  if (!row) throw new Error(`no profile ${userId}`);
  return {
    ...row,
    billing_period_end: toDate(row.billing_period_end),
    grace_ends_at: toDate(row.grace_ends_at),
    trial_ends_at: toDate(row.trial_ends_at),
  };
}

// node-postgres answers timestamps as Date, PGlite's raw execute as strings: compare as dates.
const toDate = (v: Date | string | null) => (v === null ? null : new Date(v));

/** What the account's status should be given what the emulator holds now (the sync's rules). */
export async function expectedStatus(stripe: Stripe, customer: string): Promise<string> {
  const chosen = pickSubscription(await subscriptionsOf(stripe, customer));
  if (!chosen) return "none";
  return (
    { active: "active", trialing: "active", past_due: "past_due" }[chosen.status as string] ?? "inactive"
  );
}

export type StripeEventRow = {
  id: string;
  type: string;
  status: string;
  attempts: number;
  error: string | null;
};

export async function stripeEventRows(ids?: string[]): Promise<StripeEventRow[]> {
  const rows = await systemRows<StripeEventRow>(
    sql`select id, type, status, attempts, error from stripe_events order by received_at`,
  );
  return ids ? rows.filter((r) => ids.includes(r.id)) : rows;
}
