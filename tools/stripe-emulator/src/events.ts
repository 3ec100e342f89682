// Read access to recorded events. Emission lives in runtime.ts.
import { notFound } from "./errors.js";
import { LIST_PARAMS, paginate } from "./list.js";
import type { ApiRequest, ApiResponse, RouteDef } from "./router.js";

function retrieve({ rt, pathParams }: ApiRequest): ApiResponse {
  const id = pathParams.id ?? "";
  const event = rt.store.state.events[id];
  if (!event) throw notFound("event", id);
  return { body: event };
}

function list({ rt, params }: ApiRequest): ApiResponse {
  params.allowOnly([...LIST_PARAMS, "type", "types", "delivery_success"]);
  const type = params.string("type");
  const types = params.strings("types");
  // `type` accepts a trailing wildcard, e.g. `customer.subscription.*`.
  const matches = (t: string): boolean =>
    (type === undefined || (type.endsWith("*") ? t.startsWith(type.slice(0, -1)) : t === type)) &&
    (types === undefined || types.includes(t));
  const items = Object.values(rt.store.state.events).filter((e) => matches(e.type));
  return { body: paginate(rt.store, items, params, "/v1/events") };
}

export const eventRoutes: RouteDef[] = [
  ["GET", "/v1/events", list],
  ["GET", "/v1/events/:id", retrieve],
];
