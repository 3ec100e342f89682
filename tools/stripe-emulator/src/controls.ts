// `/_emulator/*`: JSON endpoints for tests and developers to drive the
// emulator (clock, payments, injected failures, webhook queue). Not part of
// Stripe's API, so no API key is needed.
import { payInvoiceWithCard } from "./billing.js";
import { CARD_SUCCEEDS } from "./cards.js";
import { completeCheckout } from "./checkout.js";
import { invalidRequest, notFound, StripeApiError } from "./errors.js";
import type { FaultInjector } from "./faults.js";
import { advanceClockTo, endPeriodNow } from "./lifecycle.js";
import type { Runtime } from "./runtime.js";

interface ControlDeps {
  rt: Runtime;
  faults: FaultInjector;
  reset: () => void;
}

interface ControlResponse {
  status: number;
  body: object;
}

type Json = Record<string, unknown>;

function parseJson(body: string): Json {
  if (body.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw invalidRequest("Control endpoints take a JSON body.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalidRequest("Control endpoints take a JSON object.");
  }
  return parsed as Json;
}

function optNumber(json: Json, key: string): number | undefined {
  const value = json[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw invalidRequest(`${key} must be a number.`, key);
  return value;
}

function optString(json: Json, key: string): string | undefined {
  const value = json[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidRequest(`${key} must be a string.`, key);
  return value;
}

function clockBody(rt: Runtime): Json {
  const now = rt.now();
  return { now, iso: new Date(now * 1000).toISOString(), offset: rt.store.state.clockOffset };
}

function advance(rt: Runtime, json: Json): ControlResponse {
  const now = rt.now();
  const to = optNumber(json, "to");
  const seconds = optNumber(json, "seconds");
  const days = optNumber(json, "days");
  const given = [to, seconds, days].filter((v) => v !== undefined).length;
  if (given !== 1) throw invalidRequest("Give exactly one of: seconds, days, to.");
  const target = Math.floor(to ?? now + (seconds ?? 0) + (days ?? 0) * 86_400);
  if (target < now)
    throw invalidRequest("The emulator clock cannot go backwards.", to === undefined ? "seconds" : "to");
  rt.takeEmitted();
  const processed = advanceClockTo(rt, target);
  const events = rt.takeEmitted().map((id) => ({ id, type: rt.store.state.events[id]?.type }));
  return { status: 200, body: { ...clockBody(rt), processed, events } };
}

function failNext(deps: ControlDeps, json: Json): ControlResponse {
  const mode = optString(json, "mode") ?? "error";
  if (mode !== "error" && mode !== "hang") throw invalidRequest("mode must be 'error' or 'hang'.", "mode");
  const status = optNumber(json, "status") ?? 500;
  if (!Number.isInteger(status) || status < 400 || status > 599)
    throw invalidRequest("status must be 400–599.", "status");
  const count = optNumber(json, "count") ?? 1;
  if (!Number.isInteger(count) || count < 1)
    throw invalidRequest("count must be a positive integer.", "count");
  deps.faults.add({
    mode,
    status,
    remaining: count,
    pathPrefix: optString(json, "path") ?? null,
    method: optString(json, "method")?.toUpperCase() ?? null,
  });
  return { status: 200, body: { rules: deps.faults.list() } };
}

function pay(rt: Runtime, json: Json): ControlResponse {
  const sessionId = optString(json, "sessionId") ?? optString(json, "session");
  if (!sessionId) throw invalidRequest("sessionId is required.", "sessionId");
  const session = rt.store.state.checkoutSessions[sessionId];
  if (!session) throw notFound("checkout.session", sessionId);
  const result = completeCheckout(rt, session, {
    number: optString(json, "card") ?? CARD_SUCCEEDS,
    expiry: optString(json, "expiry"),
    cvc: optString(json, "cvc"),
  });
  return {
    status: 200,
    body: {
      session: result.session,
      subscription: result.subscription,
      invoice: result.invoice,
      redirect_url: result.redirectUrl,
    },
  };
}

function payInvoice(rt: Runtime, json: Json): ControlResponse {
  const invoiceId = optString(json, "invoiceId") ?? optString(json, "invoice");
  if (!invoiceId) throw invalidRequest("invoiceId is required.", "invoiceId");
  const invoice = rt.store.state.invoices[invoiceId];
  if (!invoice) throw notFound("invoice", invoiceId);
  payInvoiceWithCard(rt, invoice, {
    number: optString(json, "card") ?? CARD_SUCCEEDS,
    expiry: optString(json, "expiry"),
    cvc: optString(json, "cvc"),
  });
  return {
    status: 200,
    body: { invoice, subscription: rt.store.state.subscriptions[invoice.subscription] ?? null },
  };
}

function endPeriod(rt: Runtime, json: Json): ControlResponse {
  const id = optString(json, "subscriptionId") ?? optString(json, "subscription");
  if (!id) throw invalidRequest("subscriptionId is required.", "subscriptionId");
  const sub = rt.store.state.subscriptions[id];
  if (!sub) throw notFound("subscription", id);
  rt.takeEmitted();
  const invoice = endPeriodNow(rt, sub);
  const events = rt
    .takeEmitted()
    .map((eventId) => ({ id: eventId, type: rt.store.state.events[eventId]?.type }));
  return { status: 200, body: { subscription: sub, invoice, events } };
}

function config(rt: Runtime, json: Json): ControlResponse {
  const url = json.webhookUrl;
  if (url !== undefined) {
    if (url !== null && typeof url !== "string")
      throw invalidRequest("webhookUrl must be a string or null.", "webhookUrl");
    if (typeof url === "string") {
      try {
        new URL(url);
      } catch {
        throw invalidRequest("webhookUrl is not a valid URL.", "webhookUrl");
      }
    }
    rt.webhooks.settings.url = url ?? undefined;
  }
  const secret = optString(json, "webhookSecret");
  if (secret !== undefined) rt.webhooks.settings.secret = secret;
  return configBody(rt);
}

function configBody(rt: Runtime): ControlResponse {
  const { url, maxAttempts, backoffMs, timeoutMs } = rt.webhooks.settings;
  return {
    status: 200,
    body: { webhookUrl: url ?? null, maxAttempts, backoffMs, timeoutMs, ...rt.settings, baseUrl: rt.baseUrl },
  };
}

/** Handles `/_emulator/*`; throws StripeApiError for bad input. */
export async function handleControl(
  deps: ControlDeps,
  method: string,
  url: URL,
  body: string,
): Promise<ControlResponse> {
  const { rt } = deps;
  const path = url.pathname.replace(/\/+$/, "");
  const route = `${method} ${path}`;
  const json = method === "POST" ? parseJson(body) : {};
  switch (route) {
    case "GET /_emulator/health":
      return { status: 200, body: { ok: true, url: rt.baseUrl, ...clockBody(rt) } };
    case "GET /_emulator/clock":
      return { status: 200, body: clockBody(rt) };
    case "POST /_emulator/clock/advance":
      return advance(rt, json);
    case "GET /_emulator/fail-next":
      return { status: 200, body: { rules: deps.faults.list() } };
    case "POST /_emulator/fail-next":
      return failNext(deps, json);
    case "DELETE /_emulator/fail-next":
      deps.faults.clear();
      return { status: 200, body: { rules: [] } };
    case "POST /_emulator/reset":
      deps.reset();
      return { status: 200, body: { ok: true } };
    case "GET /_emulator/deliveries": {
      const eventId = url.searchParams.get("event_id");
      const status = url.searchParams.get("status");
      const data = rt.webhooks
        .list()
        .filter(
          (d) => (eventId === null || d.event_id === eventId) && (status === null || d.status === status),
        );
      return { status: 200, body: { data, pending: rt.webhooks.pendingCount() } };
    }
    case "POST /_emulator/flush": {
      const timeoutMs = optNumber(json, "timeoutMs") ?? 10_000;
      const idle = await rt.webhooks.flush(timeoutMs);
      return { status: idle ? 200 : 504, body: { idle, pending: rt.webhooks.pendingCount() } };
    }
    case "POST /_emulator/pay":
      return pay(rt, json);
    case "POST /_emulator/pay-invoice":
      return payInvoice(rt, json);
    case "POST /_emulator/end-period":
      return endPeriod(rt, json);
    case "GET /_emulator/config":
      return configBody(rt);
    case "POST /_emulator/config":
      return config(rt, json);
    case "GET /_emulator/state":
      return { status: 200, body: rt.store.state };
    default:
      throw new StripeApiError(404, "invalid_request_error", `Unknown emulator control endpoint: ${route}`);
  }
}
