// Subscriptions and subscription items: read, list, update (seats, cancel at
// period end, resume, metadata), pending updates and immediate cancel.
import {
  announceInvoice,
  applyCancelAtPeriodEnd,
  changeSubscription,
  chargeInvoice,
  createInvoice,
  describePrice,
  endSubscription,
  expirePendingUpdate,
  formatAmount,
  type InvoiceLine,
  makeItem,
  settleInvoice,
} from "./billing.js";
import { invalidRequest, missingReference, notFound, type StripeApiError } from "./errors.js";
import { LIST_PARAMS, paginate } from "./list.js";
import { mergeMetadata, Params } from "./params.js";
import { planOf } from "./prices.js";
import type { ApiRequest, ApiResponse, RouteDef } from "./router.js";
import type { Runtime } from "./runtime.js";
import type {
  Metadata,
  PendingUpdate,
  Price,
  Subscription,
  SubscriptionItem,
  SubscriptionStatus,
} from "./types.js";

const STATUSES: readonly (SubscriptionStatus | "all" | "ended")[] = [
  "trialing",
  "active",
  "past_due",
  "unpaid",
  "canceled",
  "incomplete",
  "incomplete_expired",
  "all",
  "ended",
];

type ProrationBehavior = "create_prorations" | "none" | "always_invoice";
type PaymentBehavior = "allow_incomplete" | "pending_if_incomplete";

const PRORATION_BEHAVIORS: readonly ProrationBehavior[] = ["create_prorations", "none", "always_invoice"];
const PAYMENT_BEHAVIORS = [
  "allow_incomplete",
  "default_incomplete",
  "error_if_incomplete",
  "pending_if_incomplete",
] as const;

/** How long Stripe keeps a pending update at most, if the period or trial does not end sooner. */
const PENDING_UPDATE_LIFETIME = 23 * 60 * 60;

function getSubscription(rt: Runtime, id: string): Subscription {
  const sub = rt.store.state.subscriptions[id];
  if (!sub) throw notFound("subscription", id);
  return sub;
}

function retrieve({ rt, pathParams }: ApiRequest): ApiResponse {
  return { body: getSubscription(rt, pathParams.id ?? "") };
}

function list({ rt, params }: ApiRequest): ApiResponse {
  params.allowOnly([...LIST_PARAMS, "customer", "status", "price"]);
  const customer = params.string("customer");
  const status = params.oneOf("status", STATUSES);
  const price = params.string("price");
  const items = Object.values(rt.store.state.subscriptions).filter((s) => {
    if (customer !== undefined && s.customer !== customer) return false;
    if (price !== undefined && !s.items.data.some((i) => i.price.id === price)) return false;
    // Without a status filter Stripe leaves canceled subscriptions out.
    if (status === undefined) return s.status !== "canceled";
    if (status === "all") return true;
    if (status === "ended") return s.status === "canceled" || s.status === "incomplete_expired";
    return s.status === status;
  });
  return { body: paginate(rt.store, items, params, "/v1/subscriptions") };
}

function recurringPrice(rt: Runtime, id: string, param: string, sub: Subscription): Price {
  const price = rt.store.state.prices[id];
  if (!price) throw missingReference("price", id, param);
  const current = sub.items.data[0]?.price.recurring;
  if (!price.recurring) throw invalidRequest("The price specified is not recurring.", param);
  if (price.currency !== sub.currency)
    throw invalidRequest("The price must use the subscription currency.", param);
  if (
    current &&
    (price.recurring.interval !== current.interval ||
      price.recurring.interval_count !== current.interval_count)
  ) {
    throw invalidRequest(
      "The Stripe emulator cannot change a subscription’s billing interval; cancel and start a new subscription instead.",
      param,
    );
  }
  return price;
}

function readProrationBehavior(params: Params): ProrationBehavior {
  return params.oneOf("proration_behavior", PRORATION_BEHAVIORS) ?? "create_prorations";
}

function readPaymentBehavior(params: Params): PaymentBehavior {
  const value = params.oneOf("payment_behavior", PAYMENT_BEHAVIORS);
  // Treating these like the default would hide that the app relies on behaviour the emulator lacks.
  if (value === "default_incomplete" || value === "error_if_incomplete") {
    throw invalidRequest(
      `The Stripe emulator does not emulate payment_behavior=${value}; use allow_incomplete (the default) or pending_if_incomplete.`,
      "payment_behavior",
    );
  }
  return value ?? "allow_incomplete";
}

/** The instant prorations are computed for: `proration_date`, or now. */
function readProrationDate(rt: Runtime, params: Params, sub: Subscription): number {
  const date = params.int("proration_date");
  if (date === undefined) return rt.now();
  if (date < sub.current_period_start || date > sub.current_period_end) {
    throw invalidRequest(
      "The proration_date must be within the subscription's current billing period.",
      "proration_date",
    );
  }
  return date;
}

const PENDING_DOCS =
  "https://stripe.com/docs/billing/subscriptions/pending-updates-reference#supported-attributes";

function pendingUnsupported(name: string): StripeApiError {
  return invalidRequest(
    `When \`payment_behavior\` is set to \`pending_if_incomplete\`, you can only pass supported params. \`${name}\` is not supported. See ${PENDING_DOCS} for more details.`,
    name,
  );
}

interface PendingRules {
  /** Parameters a pending update always takes. */
  always: readonly string[];
  /** Parameters Stripe added to pending updates later, with the API version that added them. */
  since: Readonly<Record<string, string>>;
  items: readonly string[];
}

const SUBSCRIPTION_PENDING: PendingRules = {
  always: ["expand", "payment_behavior", "proration_behavior", "proration_date", "items"],
  since: { metadata: "2026-05-27", cancel_at_period_end: "2026-09-30" },
  items: ["id", "price", "quantity"],
};

// Stripe's list for this endpoint; item metadata is left out because the emulator does not defer it.
const ITEM_PENDING: PendingRules = {
  always: ["expand", "payment_behavior", "proration_behavior", "proration_date", "price", "quantity"],
  since: {},
  items: [],
};

/** Stripe refuses, before doing anything, what a pending update cannot carry. */
function checkPendingParams(rt: Runtime, params: Params, rules: PendingRules): void {
  const version = rt.apiVersion.slice(0, 10);
  for (const key of Object.keys(params.raw)) {
    if (rules.always.includes(key)) continue;
    const since = rules.since[key];
    if (since !== undefined && version >= since) continue;
    throw pendingUnsupported(key);
  }
  if (!rules.always.includes("items")) return;
  for (const entry of params.objects("items") ?? []) {
    for (const key of Object.keys(entry.raw)) {
      if (!rules.items.includes(key)) throw pendingUnsupported(entry.name(key));
    }
  }
}

interface ItemState {
  price: Price;
  quantity: number;
}

interface ItemChange {
  /** The item as it will be (or, when deleted, as it was). */
  item: SubscriptionItem;
  before: ItemState | null;
  after: ItemState | null;
}

function changesBilling(change: ItemChange): boolean {
  const { before, after } = change;
  return !before || !after || before.price.id !== after.price.id || before.quantity !== after.quantity;
}

/** Applies `items[n]` changes to a copy of the item list and reports each item's state before and after. */
function applyItemChanges(
  rt: Runtime,
  sub: Subscription,
  entries: Params[],
): { items: SubscriptionItem[]; changes: ItemChange[] } {
  let items = sub.items.data.map((i) => structuredClone(i));
  const changes: ItemChange[] = [];
  for (const entry of entries) {
    entry.allowOnly(["id", "price", "quantity", "deleted", "metadata", "clear_usage"]);
    const id = entry.string("id");
    const priceId = entry.string("price");
    // Stripe takes 0 (an item that bills nothing) on a subscription; only Checkout wants at least 1.
    const quantity = entry.int("quantity", 0);
    if (id === undefined) {
      if (priceId === undefined)
        throw invalidRequest("You must specify a price for a new subscription item.", entry.name("price"));
      const price = recurringPrice(rt, priceId, entry.name("price"), sub);
      const item = makeItem(
        rt,
        sub.id,
        price,
        quantity ?? 1,
        sub.current_period_start,
        sub.current_period_end,
      );
      item.metadata = mergeMetadata({}, entry.metadata());
      items.push(item);
      changes.push({ item, before: null, after: { price: item.price, quantity: item.quantity } });
      continue;
    }
    const item = items.find((i) => i.id === id);
    if (!item) throw missingReference("subscription item", id, entry.name("id"));
    const before = { price: item.price, quantity: item.quantity };
    if (entry.bool("deleted")) {
      items = items.filter((i) => i !== item);
      changes.push({ item, before, after: null });
      continue;
    }
    if (priceId !== undefined && priceId !== item.price.id) {
      const price = recurringPrice(rt, priceId, entry.name("price"), sub);
      item.price = structuredClone(price);
      item.plan = planOf(price);
    }
    if (quantity !== undefined) item.quantity = quantity;
    item.metadata = mergeMetadata(item.metadata, entry.metadata());
    changes.push({ item, before, after: { price: item.price, quantity: item.quantity } });
  }
  if (items.length === 0) throw invalidRequest("A subscription must have at least one item.", "items");
  return { items, changes };
}

/**
 * `amount × remaining / length` in the currency's smallest unit, exact (no
 * floating point) and rounded half up, as Stripe rounds each proration line.
 */
function prorate(amount: number, remaining: number, length: number): number {
  const numerator = BigInt(amount) * BigInt(remaining);
  const denominator = BigInt(length);
  const whole = numerator / denominator;
  return Number(2n * (numerator % denominator) >= denominator ? whole + 1n : whole);
}

function shortDate(unix: number): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "2-digit",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(unix * 1000));
}

function lineDescription(rt: Runtime, kind: "Unused" | "Remaining", state: ItemState, at: number): string {
  const { price, quantity } = state;
  const recurring = price.recurring;
  const every = !recurring
    ? ""
    : recurring.interval_count === 1
      ? ` / ${recurring.interval}`
      : ` every ${recurring.interval_count} ${recurring.interval}s`;
  const unit = `${formatAmount(price.unit_amount, price.currency)}${every}`;
  return `${kind} time on ${quantity} × ${describePrice(rt, price)} (at ${unit}) after ${shortDate(at)}`;
}

/**
 * Stripe's two proration lines per changed item: a credit for the unused time
 * of what the item was, and a charge for the remaining time of what it is now,
 * each prorated from `at` to the period end and rounded on its own.
 */
function prorationLines(rt: Runtime, sub: Subscription, changes: ItemChange[], at: number): InvoiceLine[] {
  const length = sub.current_period_end - sub.current_period_start;
  const remaining = sub.current_period_end - at;
  // A trial bills nothing, so there is nothing to prorate.
  if (sub.status === "trialing" || length <= 0 || remaining <= 0) return [];
  const period = { start: at, end: sub.current_period_end };
  const lines: InvoiceLine[] = [];
  for (const change of changes) {
    if (!changesBilling(change)) continue;
    const { item, before, after } = change;
    if (before) {
      const amount = prorate(before.price.unit_amount * before.quantity, remaining, length);
      if (amount > 0) {
        lines.push({
          item,
          price: before.price,
          quantity: before.quantity,
          amount: -amount,
          period,
          proration: true,
          description: lineDescription(rt, "Unused", before, at),
        });
      }
    }
    if (after) {
      const amount = prorate(after.price.unit_amount * after.quantity, remaining, length);
      if (amount > 0) {
        lines.push({
          item,
          price: after.price,
          quantity: after.quantity,
          amount,
          period,
          proration: true,
          description: lineDescription(rt, "Remaining", after, at),
        });
      }
    }
  }
  return lines;
}

interface ItemPlan {
  items: SubscriptionItem[];
  /** Added or re-priced/re-quantified items, as a pending update lists them. */
  changed: SubscriptionItem[];
  lines: InvoiceLine[];
  total: number;
}

/**
 * Works out the new item list and, for `always_invoice`, the proration lines.
 * `create_prorations` and `none` bill nothing now; the next renewal charges the
 * new quantity in full (the emulator does not carry pending proration items).
 */
function planItems(
  rt: Runtime,
  sub: Subscription,
  entries: Params[],
  behavior: ProrationBehavior,
  at: number,
): ItemPlan {
  const { items, changes } = applyItemChanges(rt, sub, entries);
  const lines = behavior === "always_invoice" ? prorationLines(rt, sub, changes, at) : [];
  return {
    items,
    changed: changes.filter((c) => c.after !== null && changesBilling(c)).map((c) => c.item),
    lines,
    total: lines.reduce((sum, l) => sum + l.amount, 0),
  };
}

interface UpdateRequest {
  entries: Params[] | null;
  proration: ProrationBehavior;
  prorationDate: number;
  payment: PaymentBehavior;
  metadata: Metadata | null | undefined;
  cancelAtPeriodEnd: boolean | undefined;
  /** Changes a pending update never carries (they are refused with `pending_if_incomplete`). */
  other: (s: Subscription) => void;
}

/** Metadata a pending update applies later; clearing everything is kept as one removal per key. */
function deferredMetadata(current: Metadata, update: Metadata | null | undefined): Metadata | null {
  if (update === undefined) return null;
  if (update === null) return Object.fromEntries(Object.keys(current).map((k) => [k, ""]));
  return { ...update };
}

function pendingUpdateFor(rt: Runtime, sub: Subscription, plan: ItemPlan, req: UpdateRequest): PendingUpdate {
  const now = rt.now();
  const ends = [now + PENDING_UPDATE_LIFETIME, sub.current_period_end];
  if (sub.trial_end !== null && sub.trial_end > now) ends.push(sub.trial_end);
  return {
    billing_cycle_anchor: null,
    cancel_at_period_end: req.cancelAtPeriodEnd ?? null,
    discount: null,
    discounts: null,
    expires_at: Math.min(...ends),
    metadata: deferredMetadata(sub.metadata, req.metadata),
    subscription_items: plan.changed.map((i) => structuredClone(i)),
    trial_end: null,
    trial_from_plan: null,
  };
}

/**
 * One update of a subscription, through either endpoint. Without an invoice to
 * pay, everything applies at once. With one, `allow_incomplete` (Stripe's
 * default) applies the change and then charges, going `past_due` if the card
 * fails; `pending_if_incomplete` charges first and applies the change only if
 * that succeeds, otherwise keeps it as `pending_update` (status unchanged, the
 * invoice left open), which paying the invoice later applies.
 */
function performUpdate(rt: Runtime, sub: Subscription, req: UpdateRequest): void {
  const plan = req.entries ? planItems(rt, sub, req.entries, req.proration, req.prorationDate) : null;
  const pending = sub.pending_update;
  const conflictingCancel =
    req.cancelAtPeriodEnd !== undefined &&
    pending?.cancel_at_period_end != null &&
    pending.cancel_at_period_end !== req.cancelAtPeriodEnd;
  // A newer change supersedes the one still waiting for payment (Stripe expires a pending update
  // on a conflicting update); only now, once the request is known to be valid.
  if (pending && (plan !== null || conflictingCancel)) expirePendingUpdate(rt, sub);

  const now = rt.now();
  // Credits (a net decrease) are not modelled: nothing is refunded and no negative invoice is made.
  const invoice =
    plan && plan.total > 0
      ? createInvoice(rt, sub, "subscription_update", { start: now, end: now }, plan.lines)
      : null;
  const applyAll = (s: Subscription): void => {
    if (plan) {
      s.items.data = plan.items;
      s.items.total_count = plan.items.length;
    }
    if (invoice) s.latest_invoice = invoice.id;
    if (req.cancelAtPeriodEnd !== undefined) applyCancelAtPeriodEnd(rt, s, req.cancelAtPeriodEnd);
    s.metadata = mergeMetadata(s.metadata, req.metadata);
    req.other(s);
  };
  // One API update, one `customer.subscription.updated`, as with Stripe.
  if (!plan || !invoice) {
    changeSubscription(rt, sub, applyAll);
    return;
  }
  if (req.payment === "pending_if_incomplete") {
    announceInvoice(rt, invoice);
    if (chargeInvoice(rt, invoice, sub.default_payment_method)) {
      changeSubscription(rt, sub, applyAll);
      return;
    }
    changeSubscription(rt, sub, (s) => {
      s.latest_invoice = invoice.id;
      s.pending_update = pendingUpdateFor(rt, s, plan, req);
      req.other(s);
    });
    return;
  }
  changeSubscription(rt, sub, applyAll);
  announceInvoice(rt, invoice);
  settleInvoice(rt, sub, invoice);
}

function update({ rt, params, pathParams }: ApiRequest): ApiResponse {
  params.allowOnly([
    "cancel_at_period_end",
    "items",
    "proration_behavior",
    "proration_date",
    "payment_behavior",
    "metadata",
    "description",
    "default_payment_method",
    "cancellation_details",
  ]);
  const sub = getSubscription(rt, pathParams.id ?? "");
  const proration = readProrationBehavior(params);
  const payment = readPaymentBehavior(params);
  if (payment === "pending_if_incomplete") checkPendingParams(rt, params, SUBSCRIPTION_PENDING);
  const details = params.object("cancellation_details");
  details?.allowOnly(["comment", "feedback"]);
  const canceled = sub.status === "canceled" || sub.status === "incomplete_expired";
  const restricted = ["cancel_at_period_end", "items", "default_payment_method", "description"].find((k) =>
    params.has(k),
  );
  if (canceled && restricted) {
    throw invalidRequest(
      "A canceled subscription can only update its cancellation_details and metadata.",
      restricted,
    );
  }

  const pmId = params.nullableString("default_payment_method");
  if (typeof pmId === "string") {
    const pm = rt.store.state.paymentMethods[pmId];
    if (!pm || pm.customer !== sub.customer)
      throw missingReference("PaymentMethod", pmId, "default_payment_method");
  }
  const description = params.nullableString("description");
  const comment = details?.nullableString("comment");
  const feedback = details?.nullableString("feedback");
  const entries = params.objects("items");
  // Items are planned first inside performUpdate, before anything changes, so every
  // validation error leaves the subscription (and its invoices) untouched.
  performUpdate(rt, sub, {
    entries: entries && entries.length > 0 ? entries : null,
    proration,
    prorationDate: readProrationDate(rt, params, sub),
    payment,
    metadata: params.metadata(),
    cancelAtPeriodEnd: params.bool("cancel_at_period_end"),
    other: (s) => {
      if (description !== undefined) s.description = description;
      if (pmId !== undefined) s.default_payment_method = pmId;
      if (comment !== undefined) s.cancellation_details.comment = comment;
      if (feedback !== undefined) s.cancellation_details.feedback = feedback;
    },
  });
  return { body: sub };
}

function cancel({ rt, params, pathParams }: ApiRequest): ApiResponse {
  params.allowOnly(["invoice_now", "prorate", "cancellation_details"]);
  params.bool("invoice_now");
  params.bool("prorate");
  const id = pathParams.id ?? "";
  const sub = getSubscription(rt, id);
  // Stripe treats a canceled subscription as deleted for this endpoint.
  if (sub.status === "canceled") throw notFound("subscription", id);
  const details = params.object("cancellation_details");
  details?.allowOnly(["comment", "feedback"]);
  endSubscription(rt, sub, "cancellation_requested", {
    comment: details?.nullableString("comment") ?? null,
    feedback: details?.nullableString("feedback") ?? null,
  });
  return { body: sub };
}

function findItem(rt: Runtime, id: string): { sub: Subscription; item: SubscriptionItem } {
  for (const sub of Object.values(rt.store.state.subscriptions)) {
    const item = sub.items.data.find((i) => i.id === id);
    if (item) return { sub, item };
  }
  throw notFound("subscription item", id);
}

function retrieveItem({ rt, pathParams }: ApiRequest): ApiResponse {
  return { body: findItem(rt, pathParams.id ?? "").item };
}

function updateItem({ rt, params, pathParams }: ApiRequest): ApiResponse {
  params.allowOnly([
    "price",
    "quantity",
    "metadata",
    "proration_behavior",
    "proration_date",
    "payment_behavior",
  ]);
  const id = pathParams.id ?? "";
  const { sub } = findItem(rt, id);
  if (sub.status === "canceled") throw invalidRequest("A canceled subscription cannot be updated.", "id");
  const proration = readProrationBehavior(params);
  const payment = readPaymentBehavior(params);
  if (payment === "pending_if_incomplete") checkPendingParams(rt, params, ITEM_PENDING);
  const prorationDate = readProrationDate(rt, params, sub);
  // Reuse the subscription path so both ways of changing seats behave the same.
  const { proration_behavior: _b, proration_date: _d, payment_behavior: _p, ...itemFields } = params.raw;
  performUpdate(rt, sub, {
    entries: [new Params({ ...itemFields, id }, "")],
    proration,
    prorationDate,
    payment,
    metadata: undefined,
    cancelAtPeriodEnd: undefined,
    other: () => {},
  });
  return { body: findItem(rt, id).item };
}

export const subscriptionRoutes: RouteDef[] = [
  ["GET", "/v1/subscriptions", list],
  ["GET", "/v1/subscriptions/:id", retrieve],
  ["POST", "/v1/subscriptions/:id", update],
  ["DELETE", "/v1/subscriptions/:id", cancel],
  ["GET", "/v1/subscription_items/:id", retrieveItem],
  ["POST", "/v1/subscription_items/:id", updateItem],
];
