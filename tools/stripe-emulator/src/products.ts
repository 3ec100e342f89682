import { invalidRequest, notFound } from "./errors.js";
import { LIST_PARAMS, paginate } from "./list.js";
import { initialMetadata, mergeMetadata, type Params } from "./params.js";
import type { ApiRequest, ApiResponse, RouteDef } from "./router.js";
import type { Runtime } from "./runtime.js";
import { newId } from "./store.js";
import type { Product } from "./types.js";

export function createProductRecord(rt: Runtime, params: Params, id?: string): Product {
  const now = rt.now();
  const product: Product = {
    id: id ?? newId("prod", 14),
    object: "product",
    active: params.bool("active") ?? true,
    created: now,
    default_price: null,
    description: params.nullableString("description") ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: initialMetadata(params.metadata()),
    name: params.requiredString("name"),
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    type: "service",
    unit_label: null,
    updated: now,
    url: null,
  };
  rt.store.state.products[product.id] = product;
  rt.store.track(product.id);
  rt.emit("product.created", product);
  return product;
}

function create({ rt, params }: ApiRequest): ApiResponse {
  params.allowOnly(["id", "name", "active", "description", "metadata"]);
  // Stripe lets callers choose a product id, which setup scripts use to stay idempotent.
  const id = params.string("id");
  if (id !== undefined && rt.store.find(id)) {
    throw invalidRequest(`Product already exists.`, "id", "resource_already_exists");
  }
  return { body: createProductRecord(rt, params, id) };
}

function getProduct(rt: Runtime, id: string): Product {
  const product = rt.store.state.products[id];
  if (!product) throw notFound("product", id);
  return product;
}

function retrieve({ rt, pathParams }: ApiRequest): ApiResponse {
  return { body: getProduct(rt, pathParams.id ?? "") };
}

function update({ rt, params, pathParams }: ApiRequest): ApiResponse {
  params.allowOnly(["name", "active", "description", "metadata", "default_price"]);
  const product = getProduct(rt, pathParams.id ?? "");
  const name = params.string("name");
  if (name !== undefined) product.name = params.requiredString("name");
  const active = params.bool("active");
  if (active !== undefined) product.active = active;
  const description = params.nullableString("description");
  if (description !== undefined) product.description = description;
  const defaultPrice = params.nullableString("default_price");
  if (defaultPrice !== undefined) {
    if (defaultPrice !== null && rt.store.state.prices[defaultPrice]?.product !== product.id) {
      throw invalidRequest(`No such price: '${defaultPrice}'`, "default_price", "resource_missing");
    }
    product.default_price = defaultPrice;
  }
  product.metadata = mergeMetadata(product.metadata, params.metadata());
  product.updated = rt.now();
  return { body: product };
}

function list({ rt, params }: ApiRequest): ApiResponse {
  params.allowOnly([...LIST_PARAMS, "active", "ids"]);
  const active = params.bool("active");
  const ids = params.strings("ids");
  const items = Object.values(rt.store.state.products).filter(
    (p) => (active === undefined || p.active === active) && (ids === undefined || ids.includes(p.id)),
  );
  return { body: paginate(rt.store, items, params, "/v1/products") };
}

export const productRoutes: RouteDef[] = [
  ["POST", "/v1/products", create],
  ["GET", "/v1/products", list],
  ["GET", "/v1/products/:id", retrieve],
  ["POST", "/v1/products/:id", update],
];
