import { invalidRequest, missingParam, missingReference, notFound } from "./errors.js";
import { LIST_PARAMS, paginate } from "./list.js";
import { initialMetadata, mergeMetadata } from "./params.js";
import { createProductRecord } from "./products.js";
import type { ApiRequest, ApiResponse, RouteDef } from "./router.js";
import type { Runtime } from "./runtime.js";
import { newId } from "./store.js";
import type { Interval, Plan, Price } from "./types.js";

const INTERVALS: readonly Interval[] = ["day", "week", "month", "year"];

function getPrice(rt: Runtime, id: string): Price {
  const price = rt.store.state.prices[id];
  if (!price) throw notFound("price", id);
  return price;
}

/** The legacy `plan` object Stripe still mirrors from recurring prices. */
export function planOf(price: Price): Plan {
  const recurring = price.recurring ?? { interval: "month", interval_count: 1 };
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: false,
    metadata: price.metadata,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}

/** Lookup keys are unique; `transfer_lookup_key` moves one from its current owner. */
function claimLookupKey(rt: Runtime, key: string | null, transfer: boolean, ownerId: string | null): void {
  if (key === null) return;
  const holder = Object.values(rt.store.state.prices).find((p) => p.lookup_key === key && p.id !== ownerId);
  if (!holder) return;
  if (!transfer) {
    throw invalidRequest(
      `A price (\`${holder.id}\`) already uses that lookup key.`,
      "lookup_key",
      "lookup_key_already_in_use",
    );
  }
  holder.lookup_key = null;
  syncEmbeddedPrices(rt, holder);
}

/** Subscriptions embed full price objects; keep those copies current. */
function syncEmbeddedPrices(rt: Runtime, price: Price): void {
  for (const sub of Object.values(rt.store.state.subscriptions)) {
    for (const item of sub.items.data) {
      if (item.price.id === price.id) {
        item.price = structuredClone(price);
        item.plan = planOf(price);
      }
    }
  }
}

function create({ rt, params }: ApiRequest): ApiResponse {
  params.allowOnly([
    "product",
    "product_data",
    "unit_amount",
    "currency",
    "recurring",
    "lookup_key",
    "transfer_lookup_key",
    "nickname",
    "metadata",
    "active",
  ]);
  const currency = params.requiredString("currency").toLowerCase();
  const unitAmount = params.int("unit_amount", 0);
  if (unitAmount === undefined) throw missingParam("unit_amount");

  let recurring: Price["recurring"] = null;
  const recurringParams = params.object("recurring");
  if (recurringParams) {
    recurringParams.allowOnly(["interval", "interval_count", "usage_type"]);
    const interval = recurringParams.oneOf("interval", INTERVALS);
    if (!interval) throw missingParam("recurring[interval]");
    // Metered usage is out of scope; only `licensed` passes.
    recurringParams.oneOf("usage_type", ["licensed"]);
    recurring = {
      interval,
      interval_count: recurringParams.int("interval_count", 1) ?? 1,
      meter: null,
      trial_period_days: null,
      usage_type: "licensed",
    };
  }

  let productId = params.string("product");
  const productData = params.object("product_data");
  if (productId && productData) {
    throw invalidRequest("You may only specify one of these parameters: product, product_data.", "product");
  }
  if (productId) {
    if (!rt.store.state.products[productId]) throw missingReference("product", productId, "product");
  } else if (productData) {
    productData.allowOnly(["name", "active", "metadata"]);
    productId = createProductRecord(rt, productData).id;
  } else {
    throw missingParam("product");
  }

  const lookupKey = params.nullableString("lookup_key") ?? null;
  claimLookupKey(rt, lookupKey, params.bool("transfer_lookup_key") ?? false, null);

  const price: Price = {
    id: newId("price", 24),
    object: "price",
    active: params.bool("active") ?? true,
    billing_scheme: "per_unit",
    created: rt.now(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: lookupKey,
    metadata: initialMetadata(params.metadata()),
    nickname: params.nullableString("nickname") ?? null,
    product: productId,
    recurring,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? "recurring" : "one_time",
    unit_amount: unitAmount,
    unit_amount_decimal: String(unitAmount),
  };
  rt.store.state.prices[price.id] = price;
  rt.store.track(price.id);
  rt.emit("price.created", price);
  return { body: price };
}

function retrieve({ rt, pathParams }: ApiRequest): ApiResponse {
  return { body: getPrice(rt, pathParams.id ?? "") };
}

function update({ rt, params, pathParams }: ApiRequest): ApiResponse {
  params.allowOnly(["active", "lookup_key", "transfer_lookup_key", "nickname", "metadata"]);
  const price = getPrice(rt, pathParams.id ?? "");
  const lookupKey = params.nullableString("lookup_key");
  if (lookupKey !== undefined) {
    claimLookupKey(rt, lookupKey, params.bool("transfer_lookup_key") ?? false, price.id);
    price.lookup_key = lookupKey;
  }
  const active = params.bool("active");
  if (active !== undefined) price.active = active;
  const nickname = params.nullableString("nickname");
  if (nickname !== undefined) price.nickname = nickname;
  price.metadata = mergeMetadata(price.metadata, params.metadata());
  syncEmbeddedPrices(rt, price);
  return { body: price };
}

function list({ rt, params }: ApiRequest): ApiResponse {
  params.allowOnly([...LIST_PARAMS, "active", "product", "lookup_keys", "type", "currency", "recurring"]);
  const active = params.bool("active");
  const product = params.string("product");
  const lookupKeys = params.strings("lookup_keys");
  const type = params.oneOf("type", ["one_time", "recurring"]);
  const currency = params.string("currency")?.toLowerCase();
  const recurring = params.object("recurring");
  recurring?.allowOnly(["interval", "usage_type"]);
  const interval = recurring?.oneOf("interval", INTERVALS);
  const items = Object.values(rt.store.state.prices).filter(
    (p) =>
      (active === undefined || p.active === active) &&
      (product === undefined || p.product === product) &&
      (lookupKeys === undefined || (p.lookup_key !== null && lookupKeys.includes(p.lookup_key))) &&
      (type === undefined || p.type === type) &&
      (currency === undefined || p.currency === currency) &&
      (interval === undefined || p.recurring?.interval === interval),
  );
  return { body: paginate(rt.store, items, params, "/v1/prices") };
}

export const priceRoutes: RouteDef[] = [
  ["POST", "/v1/prices", create],
  ["GET", "/v1/prices", list],
  ["GET", "/v1/prices/:id", retrieve],
  ["POST", "/v1/prices/:id", update],
];
