// Subscriptions and subscription items: read, list, update (seats, cancel at
// period end, resume, metadata) and immediate cancel.
import {
  applyCancelAtPeriodEnd,
  changeSubscription,
  createInvoice,
  describePrice,
  endSubscription,
  type InvoiceLine,
  makeItem,
  settleInvoice,
} from "./billing.js";
import { invalidRequest, missingReference, notFound } from "./errors.js";
import { LIST_PARAMS, paginate } from "./list.js";
import { mergeMetadata, Params } from "./params.js";
import { planOf } from "./prices.js";
import type { ApiRequest, ApiResponse, RouteDef } from "./router.js";
import type { Runtime } from "./runtime.js";
import type { Invoice, Price, Subscription, SubscriptionItem, SubscriptionStatus } from "./types.js";

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

interface ItemChange {
  item: SubscriptionItem;
  oldAmount: number;
  newAmount: number;
}

/** Applies `items[n]` changes to a copy of the item list and reports what changed in amount. */
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
      items.push(item);
      changes.push({ item, oldAmount: 0, newAmount: price.unit_amount * item.quantity });
      continue;
    }
    const item = items.find((i) => i.id === id);
    if (!item) throw missingReference("subscription item", id, entry.name("id"));
    const oldAmount = item.price.unit_amount * item.quantity;
    if (entry.bool("deleted")) {
      items = items.filter((i) => i !== item);
      changes.push({ item, oldAmount, newAmount: 0 });
      continue;
    }
    if (priceId !== undefined && priceId !== item.price.id) {
      const price = recurringPrice(rt, priceId, entry.name("price"), sub);
      item.price = structuredClone(price);
      item.plan = planOf(price);
    }
    if (quantity !== undefined) item.quantity = quantity;
    item.metadata = mergeMetadata(item.metadata, entry.metadata());
    changes.push({ item, oldAmount, newAmount: item.price.unit_amount * item.quantity });
  }
  if (items.length === 0) throw invalidRequest("A subscription must have at least one item.", "items");
  return { items, changes };
}

interface ItemUpdate {
  items: SubscriptionItem[];
  invoice: Invoice | null;
}

/**
 * Works out the new item list and, for `always_invoice`, raises an invoice for
 * the prorated difference (charged later by `settleInvoice`).
 * `create_prorations` and `none` bill nothing now; the next renewal charges the
 * new quantity in full (the emulator does not carry pending proration items).
 */
function prepareItemUpdate(
  rt: Runtime,
  sub: Subscription,
  entries: Params[],
  behavior: ProrationBehavior,
): ItemUpdate {
  const { items, changes } = applyItemChanges(rt, sub, entries);
  const now = rt.now();
  const length = sub.current_period_end - sub.current_period_start;
  const remaining = Math.max(0, sub.current_period_end - now);
  const lines: InvoiceLine[] = [];
  if (behavior === "always_invoice" && sub.status !== "trialing" && length > 0) {
    for (const change of changes) {
      const amount = Math.round(((change.newAmount - change.oldAmount) * remaining) / length);
      if (amount === 0) continue;
      lines.push({
        item: change.item,
        quantity: change.item.quantity,
        amount,
        period: { start: now, end: sub.current_period_end },
        proration: true,
        description: `Prorated change to ${describePrice(rt, change.item.price)}`,
      });
    }
  }
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  // Credits (a net decrease) are not modelled: nothing is refunded.
  const invoice =
    total > 0 ? createInvoice(rt, sub, "subscription_update", { start: now, end: now }, lines) : null;
  return { items, invoice };
}

function applyItemUpdate(s: Subscription, update: ItemUpdate): void {
  s.items.data = update.items;
  s.items.total_count = update.items.length;
  if (update.invoice) s.latest_invoice = update.invoice.id;
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
  const behavior =
    params.oneOf("proration_behavior", ["create_prorations", "none", "always_invoice"] as const) ??
    "create_prorations";
  params.int("proration_date");
  params.oneOf("payment_behavior", [
    "allow_incomplete",
    "default_incomplete",
    "error_if_incomplete",
    "pending_if_incomplete",
  ]);
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
  const cancelAtPeriodEnd = params.bool("cancel_at_period_end");
  const metadata = params.metadata();
  const description = params.nullableString("description");
  const comment = details?.nullableString("comment");
  const feedback = details?.nullableString("feedback");
  // Items last: it may raise a proration invoice, so everything else is validated first.
  const entries = params.objects("items");
  const itemUpdate = entries && entries.length > 0 ? prepareItemUpdate(rt, sub, entries, behavior) : null;

  // One API update, one `customer.subscription.updated`, as with Stripe.
  changeSubscription(rt, sub, (s) => {
    if (itemUpdate) applyItemUpdate(s, itemUpdate);
    if (cancelAtPeriodEnd !== undefined) applyCancelAtPeriodEnd(rt, s, cancelAtPeriodEnd);
    s.metadata = mergeMetadata(s.metadata, metadata);
    if (description !== undefined) s.description = description;
    if (pmId !== undefined) s.default_payment_method = pmId;
    if (comment !== undefined) s.cancellation_details.comment = comment;
    if (feedback !== undefined) s.cancellation_details.feedback = feedback;
  });
  if (itemUpdate?.invoice) settleInvoice(rt, sub, itemUpdate.invoice);
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
  const behavior =
    params.oneOf("proration_behavior", ["create_prorations", "none", "always_invoice"] as const) ??
    "create_prorations";
  params.int("proration_date");
  // Reuse the subscription path so both ways of changing seats behave the same.
  const { proration_behavior: _b, proration_date: _d, payment_behavior: _p, ...itemFields } = params.raw;
  const itemUpdate = prepareItemUpdate(rt, sub, [new Params({ ...itemFields, id }, "")], behavior);
  changeSubscription(rt, sub, (s) => applyItemUpdate(s, itemUpdate));
  if (itemUpdate.invoice) settleInvoice(rt, sub, itemUpdate.invoice);
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
