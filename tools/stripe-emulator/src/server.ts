// The HTTP server: routes `/v1/*` to the API handlers with Stripe's
// authentication, idempotency, expansion and error conventions; everything else
// to hosted pages or the `/_emulator` controls.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkoutRoutes } from "./checkout.js";
import type { TimeSource } from "./clock.js";
import { handleControl } from "./controls.js";
import { customerRoutes } from "./customers.js";
import { StripeApiError } from "./errors.js";
import { eventRoutes } from "./events.js";
import { applyExpand } from "./expand.js";
import { FaultInjector, injectedError } from "./faults.js";
import { canonicalForm, type FormObject, FormParseError, parseForm } from "./form-parse.js";
import { handleHosted } from "./hosted.js";
import { asStripeError, readBody, sendError, sendHtml, sendJson } from "./http.js";
import { IdempotencyStore } from "./idempotency.js";
import { invoiceRoutes } from "./invoices.js";
import { processDue } from "./lifecycle.js";
import { notFoundPage } from "./pages.js";
import { Params } from "./params.js";
import { paymentRoutes } from "./payments.js";
import { portalRoutes } from "./portal.js";
import { priceRoutes } from "./prices.js";
import { productRoutes } from "./products.js";
import { Router } from "./router.js";
import { type DunningAction, Runtime } from "./runtime.js";
import { randomToken, Store } from "./store.js";
import { subscriptionRoutes } from "./subscriptions.js";
import { type Delivery, WebhookDispatcher } from "./webhooks.js";

/** Used when no webhook secret is configured; the app must be given the same value. */
export const DEFAULT_WEBHOOK_SECRET = "whsec_stripe_emulator_test_secret";

export interface StripeEmulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
  /** Where events are POSTed, e.g. http://localhost:3000/api/webhooks/stripe. */
  webhookUrl?: string;
  /** Secret used to sign events (`whsec_...`); defaults to DEFAULT_WEBHOOK_SECRET. */
  webhookSecret?: string;
  /**
   * The emulator's starting time in unix seconds. A number freezes the clock
   * at that instant (it then moves only by `/_emulator/clock/advance`); a
   * function is used as a running time source. Defaults to real time.
   */
  now?: number | (() => number);
  /** JSON file the state is kept in across restarts. */
  stateFile?: string;
  /** Base URL for hosted pages when the emulator is reached through another address. */
  publicUrl?: string;
  webhookMaxAttempts?: number;
  /** First retry delay; each further retry doubles it. */
  webhookBackoffMs?: number;
  webhookTimeoutMs?: number;
  /** Days a subscription may stay past_due before dunning ends it. */
  dunningDays?: number;
  /** What dunning does at the end: cancel the subscription (default) or mark it unpaid. */
  dunningAction?: DunningAction;
  /** Receives one line per request; silent when omitted. */
  log?: (line: string) => void;
}

export interface StripeEmulator {
  url: string;
  port: number;
  store: Store;
  runtime: Runtime;
  close(): Promise<void>;
  /** Waits until every queued webhook is delivered or given up; false on timeout. */
  flush(timeoutMs?: number): Promise<boolean>;
  deliveries(): Delivery[];
  reset(): void;
}

function timeSource(now: StripeEmulatorOptions["now"]): TimeSource {
  if (typeof now === "number") return () => now;
  if (typeof now === "function") return now;
  return () => Date.now() / 1000;
}

function apiKeyError(req: IncomingMessage): StripeApiError | null {
  const header = req.headers.authorization ?? "";
  let key = "";
  if (header.startsWith("Bearer ")) key = header.slice(7).trim();
  else if (header.startsWith("Basic "))
    key = Buffer.from(header.slice(6), "base64").toString("utf8").split(":")[0] ?? "";
  if (key === "") {
    return new StripeApiError(
      401,
      "invalid_request_error",
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  // Refusing live keys makes it impossible to mistake the emulator for production.
  if (!/^(sk|rk)_test_/.test(key)) {
    return new StripeApiError(
      401,
      "invalid_request_error",
      `Invalid API Key provided: ${key.slice(0, 8)}****. The Stripe emulator accepts only test keys (sk_test_...).`,
      { code: "api_key_invalid" },
    );
  }
  return null;
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" && value !== "" ? value : null;
}

export async function createStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const host = options.host ?? "127.0.0.1";
  const store = new Store(options.stateFile);
  const webhooks = new WebhookDispatcher({
    url: options.webhookUrl,
    secret: options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET,
    maxAttempts: options.webhookMaxAttempts ?? 8,
    backoffMs: options.webhookBackoffMs ?? 500,
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
  });
  const rt = new Runtime(store, timeSource(options.now), webhooks, {
    dunningDays: options.dunningDays ?? 14,
    dunningAction: options.dunningAction ?? "cancel",
  });
  const idempotency = new IdempotencyStore();
  const faults = new FaultInjector();
  const log = options.log;

  const router = new Router();
  for (const routes of [
    customerRoutes,
    productRoutes,
    priceRoutes,
    checkoutRoutes,
    subscriptionRoutes,
    invoiceRoutes,
    paymentRoutes,
    portalRoutes,
    eventRoutes,
  ]) {
    router.add(routes);
  }

  const reset = (): void => {
    store.reset();
    webhooks.reset();
    idempotency.clear();
    faults.clear();
  };

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    url: URL,
  ): Promise<number | null> {
    const requestId = `req_${randomToken(14)}`;
    const idempotencyKey = method === "POST" ? header(req, "idempotency-key") : null;
    const headers: Record<string, string> = { "Request-Id": requestId, "Stripe-Version": rt.apiVersion };
    if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
    const fail = (err: StripeApiError): number => {
      sendError(res, err, headers);
      return err.status;
    };

    const fault = faults.take(method, url.pathname);
    if (fault?.mode === "hang") return null; // Never answered; close() drops the socket.
    if (fault) return fail(injectedError(fault.status));

    const authError = apiKeyError(req);
    if (authError) return fail(authError);

    const body = await readBody(req);
    let raw: FormObject;
    try {
      raw = { ...parseForm(url.search), ...parseForm(body) };
    } catch (err) {
      if (err instanceof FormParseError)
        return fail(new StripeApiError(400, "invalid_request_error", err.message, { param: err.param }));
      throw err;
    }
    const params = new Params(raw);
    rt.apiVersion = header(req, "stripe-version") ?? rt.apiVersion;
    headers["Stripe-Version"] = rt.apiVersion;

    const endpoint = `${method} ${url.pathname}`;
    const fingerprint = canonicalForm(raw);
    try {
      if (idempotencyKey) {
        const saved = idempotency.lookup(idempotencyKey, endpoint, fingerprint);
        if (saved) {
          sendJson(res, saved.status, saved.body, { ...headers, "Idempotent-Replayed": "true" });
          return saved.status;
        }
      }
      const match = router.match(method, url.pathname);
      if (!match.handler) {
        throw new StripeApiError(
          404,
          "invalid_request_error",
          `Unrecognized request URL (${method}: ${url.pathname}). The Stripe emulator covers only part of Stripe's API; see tools/stripe-emulator/README.md.`,
        );
      }
      // Time may have passed since the last request; settle renewals first.
      processDue(rt, rt.now());
      rt.request = { id: requestId, idempotency_key: idempotencyKey };
      let status: number;
      let text: string;
      try {
        const result = match.handler({
          method,
          path: url.pathname,
          pathParams: match.pathParams,
          params,
          rt,
        });
        const expanded = applyExpand(store, result.body, params.strings("expand") ?? []);
        status = result.status ?? 200;
        text = JSON.stringify(expanded, null, 2);
      } catch (err) {
        const error = asStripeError(err);
        status = error.status;
        text = JSON.stringify(error.toBody(), null, 2);
      } finally {
        rt.request = null;
        if (method !== "GET") store.scheduleSave();
      }
      // Stripe keeps the outcome once execution began; validation failures are
      // not kept, so a corrected retry with the same key can still succeed.
      if (idempotencyKey && (status < 400 || status === 402)) {
        idempotency.save(idempotencyKey, endpoint, fingerprint, { status, body: text });
      }
      sendJson(res, status, text, headers);
      return status;
    } catch (err) {
      return fail(asStripeError(err));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    let status: number | null = 0;
    try {
      if (url.pathname.startsWith("/v1/")) {
        status = await handleApi(req, res, method, url);
      } else if (url.pathname.startsWith("/_emulator/")) {
        const body = await readBody(req);
        const result = await handleControl({ rt, faults, reset }, method, url, body);
        if (method !== "GET") store.scheduleSave();
        sendJson(res, result.status, result.body);
        status = result.status;
      } else {
        const body = method === "POST" ? await readBody(req) : "";
        processDue(rt, rt.now());
        if (!handleHosted(rt, res, method, url, body))
          sendHtml(res, 404, notFoundPage("This page does not exist."));
        if (method !== "GET") store.scheduleSave();
        status = res.statusCode;
      }
    } catch (err) {
      const error = asStripeError(err);
      if (!res.headersSent) sendError(res, error);
      else res.destroy();
      status = error.status;
    }
    log?.(`${method} ${url.pathname}${url.search} → ${status ?? "hang"}`);
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = host.includes(":") ? `[${host}]` : host;
  const url = (options.publicUrl ?? `http://${hostForUrl}:${port}`).replace(/\/+$/, "");
  rt.baseUrl = url;

  let closed: Promise<void> | null = null;
  return {
    url,
    port,
    store,
    runtime: rt,
    flush: (timeoutMs = 10_000) => webhooks.flush(timeoutMs),
    deliveries: () => webhooks.list(),
    reset,
    close() {
      closed ??= new Promise<void>((resolve) => {
        webhooks.close();
        server.close(() => resolve());
        // Hung requests and keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
        store.saveNow();
      });
      return closed;
    },
  };
}
