// Checkout Sessions (subscription mode only) and their completion, which the
// hosted page, `/_emulator/pay` and nothing else can trigger.
import { attachCard, describePrice, startSubscription } from "./billing.js";
import { acceptCard, type CardInput } from "./cards.js";
import { createCustomerRecord } from "./customers.js";
import { invalidRequest, missingParam, missingReference, notFound } from "./errors.js";
import { LIST_PARAMS, listObject, paginate } from "./list.js";
import { initialMetadata, type Params } from "./params.js";
import type { ApiRequest, ApiResponse, RouteDef } from "./router.js";
import type { Runtime } from "./runtime.js";
import { newId, randomToken } from "./store.js";
import type { CheckoutLineItem, CheckoutSession, Invoice, Subscription } from "./types.js";

const SESSION_LIFETIME = 24 * 60 * 60;

// Accepted so the app may send them, but they change nothing in the emulator.
const IGNORED_PARAMS = [
  "allow_promotion_codes",
  "automatic_tax",
  "billing_address_collection",
  "consent_collection",
  "custom_text",
  "customer_update",
  "locale",
  "payment_method_collection",
  "payment_method_types",
  "phone_number_collection",
  "saved_payment_method_options",
  "tax_id_collection",
  "ui_mode",
];

function getSession(rt: Runtime, id: string): CheckoutSession {
  const session = rt.store.state.checkoutSessions[id];
  if (!session) throw notFound("checkout.session", id);
  return session;
}

function requireUrl(params: Params, key: string, required: boolean): string | null {
  const value = required ? params.requiredString(key) : (params.nullableString(key) ?? null);
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value.replace("{CHECKOUT_SESSION_ID}", "placeholder"));
  } catch {
    throw invalidRequest("Not a valid URL", key, "url_invalid");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw invalidRequest("Not a valid URL", key, "url_invalid");
  return value;
}

function buildLineItems(rt: Runtime, params: Params): CheckoutLineItem[] {
  const entries = params.objects("line_items");
  if (!entries || entries.length === 0) throw missingParam("line_items");
  const items = entries.map((entry) => {
    entry.allowOnly(["price", "quantity", "adjustable_quantity"]);
    const priceId = entry.requiredString("price");
    const price = rt.store.state.prices[priceId];
    if (!price) throw missingReference("price", priceId, entry.name("price"));
    if (!price.active) {
      throw invalidRequest(
        "The price specified is inactive. This field only accepts active prices.",
        entry.name("price"),
      );
    }
    if (!price.recurring) {
      throw invalidRequest(
        "You must provide at least one recurring price in `subscription` mode when using prices.",
        entry.name("price"),
      );
    }
    // Stripe has no default here: a per-seat checkout must say how many seats.
    const quantity = entry.int("quantity", 1);
    if (quantity === undefined) {
      throw invalidRequest(`Quantity is required. Add \`quantity\` to \`${entry.prefix}\``, entry.prefix);
    }
    const amount = price.unit_amount * quantity;
    const item: CheckoutLineItem = {
      id: newId("li", 24),
      object: "item",
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price.currency,
      description: describePrice(rt, price),
      price: structuredClone(price),
      quantity,
    };
    return item;
  });
  const first = items[0]?.price;
  for (const item of items) {
    if (item.price.currency !== first?.currency) {
      throw invalidRequest("All prices must use the same currency.", "line_items");
    }
    const a = item.price.recurring;
    const b = first.recurring;
    if (a?.interval !== b?.interval || a?.interval_count !== b?.interval_count) {
      throw invalidRequest(
        "All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.",
        "line_items",
      );
    }
  }
  return items;
}

function create({ rt, params }: ApiRequest): ApiResponse {
  params.allowOnly([
    "mode",
    "customer",
    "customer_email",
    "line_items",
    "success_url",
    "cancel_url",
    "client_reference_id",
    "metadata",
    "subscription_data",
    "expires_at",
    ...IGNORED_PARAMS,
  ]);
  const mode = params.string("mode");
  if (mode === undefined) throw missingParam("mode");
  if (mode !== "subscription") {
    throw invalidRequest(`The Stripe emulator only supports mode=subscription (got '${mode}').`, "mode");
  }
  // Only the redirect flow is emulated; "hosted" is the older name of "hosted_page".
  params.oneOf("ui_mode", ["hosted", "hosted_page"]);
  const customerId = params.string("customer");
  const customerEmail = params.nullableString("customer_email") ?? null;
  if (customerId && customerEmail) {
    throw invalidRequest(
      "You may only specify one of these parameters: customer, customer_email.",
      "customer",
    );
  }
  const customer = customerId ? rt.store.state.customers[customerId] : undefined;
  if (customerId && !customer) throw missingReference("customer", customerId, "customer");

  const successUrl = requireUrl(params, "success_url", true) ?? "";
  const cancelUrl = requireUrl(params, "cancel_url", false);
  const lineItems = buildLineItems(rt, params);

  const subscriptionData = params.object("subscription_data");
  subscriptionData?.allowOnly(["metadata", "trial_period_days", "description"]);
  const trialPeriodDays = subscriptionData?.int("trial_period_days", 1) ?? null;
  if (trialPeriodDays !== null && trialPeriodDays > 730) {
    throw invalidRequest(
      "This value must be less than or equal to 730.",
      "subscription_data[trial_period_days]",
    );
  }
  const clientReferenceId = params.nullableString("client_reference_id") ?? null;
  if (clientReferenceId !== null && clientReferenceId.length > 200) {
    throw invalidRequest("client_reference_id must be at most 200 characters.", "client_reference_id");
  }

  const now = rt.now();
  const expiresAt = params.int("expires_at") ?? now + SESSION_LIFETIME;
  if (expiresAt < now + 30 * 60 || expiresAt > now + SESSION_LIFETIME) {
    throw invalidRequest(
      "The `expires_at` timestamp must be between 30 minutes and 24 hours from now.",
      "expires_at",
    );
  }
  const id = `cs_test_${randomToken(58)}`;
  const subtotal = lineItems.reduce((sum, item) => sum + item.amount_total, 0);
  const session: CheckoutSession = {
    id,
    object: "checkout.session",
    amount_subtotal: trialPeriodDays ? 0 : subtotal,
    amount_total: trialPeriodDays ? 0 : subtotal,
    cancel_url: cancelUrl,
    client_reference_id: clientReferenceId,
    created: now,
    currency: lineItems[0]?.currency ?? "usd",
    customer: customer?.id ?? null,
    customer_creation: customer ? null : "always",
    customer_details: null,
    customer_email: customerEmail,
    expires_at: expiresAt,
    invoice: null,
    livemode: false,
    metadata: initialMetadata(params.metadata()),
    mode: "subscription",
    payment_intent: null,
    payment_method_types: ["card"],
    payment_status: "unpaid",
    status: "open",
    subscription: null,
    success_url: successUrl,
    ui_mode: "hosted_page",
    url: `${rt.baseUrl}/checkout/${id}`,
  };
  rt.store.state.checkoutSessions[id] = session;
  rt.store.state.checkoutExtras[id] = {
    lineItems,
    subscriptionMetadata: initialMetadata(subscriptionData?.metadata()),
    trialPeriodDays,
  };
  rt.store.track(id);
  return { body: session };
}

interface CheckoutResult {
  session: CheckoutSession;
  subscription: Subscription;
  invoice: Invoice;
  redirectUrl: string;
}

/** Pays a session with a test card; throws Stripe-shaped errors for declines and closed sessions. */
export function completeCheckout(rt: Runtime, session: CheckoutSession, input: CardInput): CheckoutResult {
  if (session.status !== "open") {
    throw invalidRequest(
      "This Checkout Session is no longer active.",
      "session",
      "checkout_session_inactive",
    );
  }
  const card = acceptCard(input);
  const extras = rt.store.state.checkoutExtras[session.id];
  if (!extras) throw notFound("checkout.session", session.id);
  const customer =
    (session.customer ? rt.store.state.customers[session.customer] : undefined) ??
    createCustomerRecord(rt, { email: session.customer_email, name: null });
  const paymentMethod = attachCard(rt, card, customer);
  const { subscription, invoice } = startSubscription(rt, {
    customer,
    lines: extras.lineItems.map((li) => ({
      price: rt.store.state.prices[li.price.id] ?? li.price,
      quantity: li.quantity,
    })),
    metadata: extras.subscriptionMetadata,
    trialPeriodDays: extras.trialPeriodDays,
    paymentMethod,
  });
  session.status = "complete";
  session.payment_status = extras.trialPeriodDays ? "no_payment_required" : "paid";
  session.customer = customer.id;
  session.customer_details = { email: customer.email, name: customer.name };
  session.subscription = subscription.id;
  session.invoice = invoice.id;
  session.url = null;
  rt.emit("checkout.session.completed", session);
  rt.store.scheduleSave();
  return {
    session,
    subscription,
    invoice,
    redirectUrl: session.success_url.replaceAll("{CHECKOUT_SESSION_ID}", session.id),
  };
}

function retrieve({ rt, pathParams }: ApiRequest): ApiResponse {
  return { body: getSession(rt, pathParams.id ?? "") };
}

function lineItems({ rt, pathParams, params }: ApiRequest): ApiResponse {
  params.allowOnly([...LIST_PARAMS]);
  const session = getSession(rt, pathParams.id ?? "");
  const items = rt.store.state.checkoutExtras[session.id]?.lineItems ?? [];
  return { body: listObject(items, `/v1/checkout/sessions/${session.id}/line_items`) };
}

function expire({ rt, pathParams }: ApiRequest): ApiResponse {
  const session = getSession(rt, pathParams.id ?? "");
  if (session.status !== "open") {
    throw invalidRequest('Only Checkout Sessions with a status in ["open"] can be expired.', "session");
  }
  session.status = "expired";
  session.url = null;
  rt.emit("checkout.session.expired", session);
  return { body: session };
}

function list({ rt, params }: ApiRequest): ApiResponse {
  params.allowOnly([...LIST_PARAMS, "customer", "subscription", "status"]);
  const customer = params.string("customer");
  const subscription = params.string("subscription");
  const status = params.oneOf("status", ["open", "complete", "expired"]);
  const items = Object.values(rt.store.state.checkoutSessions).filter(
    (s) =>
      (customer === undefined || s.customer === customer) &&
      (subscription === undefined || s.subscription === subscription) &&
      (status === undefined || s.status === status),
  );
  return { body: paginate(rt.store, items, params, "/v1/checkout/sessions") };
}

export const checkoutRoutes: RouteDef[] = [
  ["POST", "/v1/checkout/sessions", create],
  ["GET", "/v1/checkout/sessions", list],
  ["GET", "/v1/checkout/sessions/:id", retrieve],
  ["GET", "/v1/checkout/sessions/:id/line_items", lineItems],
  ["POST", "/v1/checkout/sessions/:id/expire", expire],
];
