import { notFound } from "./errors.js";
import { LIST_PARAMS, paginate } from "./list.js";
import type { ApiRequest, ApiResponse, RouteDef } from "./router.js";
import type { Runtime } from "./runtime.js";
import type { Invoice } from "./types.js";

function getInvoice(rt: Runtime, id: string): Invoice {
  const invoice = rt.store.state.invoices[id];
  if (!invoice) throw notFound("invoice", id);
  return invoice;
}

function retrieve({ rt, pathParams }: ApiRequest): ApiResponse {
  return { body: getInvoice(rt, pathParams.id ?? "") };
}

function list({ rt, params }: ApiRequest): ApiResponse {
  params.allowOnly([...LIST_PARAMS, "customer", "subscription", "status", "collection_method"]);
  const customer = params.string("customer");
  const subscription = params.string("subscription");
  const status = params.oneOf("status", ["draft", "open", "paid", "uncollectible", "void"]);
  params.oneOf("collection_method", ["charge_automatically", "send_invoice"]);
  const items = Object.values(rt.store.state.invoices).filter(
    (inv) =>
      (customer === undefined || inv.customer === customer) &&
      (subscription === undefined || inv.subscription === subscription) &&
      (status === undefined || inv.status === status),
  );
  return { body: paginate(rt.store, items, params, "/v1/invoices") };
}

function lines({ rt, params, pathParams }: ApiRequest): ApiResponse {
  params.allowOnly([...LIST_PARAMS]);
  return { body: getInvoice(rt, pathParams.id ?? "").lines };
}

export const invoiceRoutes: RouteDef[] = [
  ["GET", "/v1/invoices", list],
  ["GET", "/v1/invoices/:id", retrieve],
  ["GET", "/v1/invoices/:id/lines", lines],
];
