import { endSubscription } from "./billing.js";
import { notFound } from "./errors.js";
import { LIST_PARAMS, paginate } from "./list.js";
import { initialMetadata, mergeMetadata } from "./params.js";
import type { ApiRequest, ApiResponse, RouteDef } from "./router.js";
import type { Runtime } from "./runtime.js";
import { newId, randomToken } from "./store.js";
import type { Customer } from "./types.js";

function getCustomer(rt: Runtime, id: string): Customer {
  const customer = rt.store.state.customers[id];
  if (!customer) throw notFound("customer", id);
  return customer;
}

export function createCustomerRecord(
  rt: Runtime,
  fields: {
    email: string | null;
    name: string | null;
    description?: string | null;
    phone?: string | null;
    metadata?: Customer["metadata"];
  },
): Customer {
  const customer: Customer = {
    id: newId("cus", 14),
    object: "customer",
    address: null,
    balance: 0,
    created: rt.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: fields.description ?? null,
    email: fields.email,
    invoice_prefix: randomToken(8, "0123456789ABCDEF"),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: fields.metadata ?? {},
    name: fields.name,
    next_invoice_sequence: 1,
    phone: fields.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
  rt.store.state.customers[customer.id] = customer;
  rt.store.track(customer.id);
  rt.emit("customer.created", customer);
  return customer;
}

const EDITABLE = ["email", "name", "description", "phone", "metadata"] as const;

function create({ rt, params }: ApiRequest): ApiResponse {
  params.allowOnly(EDITABLE);
  const customer = createCustomerRecord(rt, {
    email: params.nullableString("email") ?? null,
    name: params.nullableString("name") ?? null,
    description: params.nullableString("description") ?? null,
    phone: params.nullableString("phone") ?? null,
    metadata: initialMetadata(params.metadata()),
  });
  return { body: customer };
}

function retrieve({ rt, pathParams }: ApiRequest): ApiResponse {
  const id = pathParams.id ?? "";
  const customer = rt.store.state.customers[id];
  if (!customer) throw notFound("customer", id);
  return { body: customer };
}

function update({ rt, params, pathParams }: ApiRequest): ApiResponse {
  params.allowOnly(EDITABLE);
  const customer = getCustomer(rt, pathParams.id ?? "");
  const before = structuredClone(customer);
  const email = params.nullableString("email");
  if (email !== undefined) customer.email = email;
  const name = params.nullableString("name");
  if (name !== undefined) customer.name = name;
  const description = params.nullableString("description");
  if (description !== undefined) customer.description = description;
  const phone = params.nullableString("phone");
  if (phone !== undefined) customer.phone = phone;
  customer.metadata = mergeMetadata(customer.metadata, params.metadata());
  if (JSON.stringify(before) !== JSON.stringify(customer)) {
    rt.emit("customer.updated", customer, diffFields(before, customer));
  }
  return { body: customer };
}

function diffFields(before: Customer, after: Customer): Record<string, unknown> {
  const prev: Record<string, unknown> = {};
  for (const key of EDITABLE) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) prev[key] = before[key];
  }
  return prev;
}

function remove({ rt, pathParams }: ApiRequest): ApiResponse {
  const customer = getCustomer(rt, pathParams.id ?? "");
  // Like Stripe, deleting a customer ends its subscriptions at once.
  for (const sub of Object.values(rt.store.state.subscriptions)) {
    if (sub.customer === customer.id && sub.status !== "canceled")
      endSubscription(rt, sub, "cancellation_requested");
  }
  delete rt.store.state.customers[customer.id];
  rt.emit("customer.deleted", customer);
  return { body: { id: customer.id, object: "customer", deleted: true } };
}

function list({ rt, params }: ApiRequest): ApiResponse {
  params.allowOnly([...LIST_PARAMS, "email"]);
  const email = params.string("email");
  const items = Object.values(rt.store.state.customers).filter(
    // Stripe matches the email case-sensitively.
    (c) => email === undefined || c.email === email,
  );
  return { body: paginate(rt.store, items, params, "/v1/customers") };
}

export const customerRoutes: RouteDef[] = [
  ["POST", "/v1/customers", create],
  ["GET", "/v1/customers", list],
  ["GET", "/v1/customers/:id", retrieve],
  ["POST", "/v1/customers/:id", update],
  ["DELETE", "/v1/customers/:id", remove],
];
