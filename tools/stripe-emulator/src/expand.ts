// `expand[]`: replaces id strings in a response with the objects they name.
// Works on any response, so `data.subscription` on a list and
// `subscription.latest_invoice` on a session come for free.
import { invalidRequest } from "./errors.js";
import { listObject } from "./list.js";
import type { Store } from "./store.js";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Fields Stripe leaves out of an object unless expanded ("includable"), built
 * on demand.
 */
function includable(store: Store, container: Json, field: string): unknown {
  if (container.object === "checkout.session" && field === "line_items" && typeof container.id === "string") {
    const extras = store.state.checkoutExtras[container.id];
    const items = extras ? structuredClone(extras.lineItems) : [];
    return listObject(items, `/v1/checkout/sessions/${container.id}/line_items`);
  }
  return undefined;
}

function walk(store: Store, container: Json, segments: string[], path: string): void {
  const [field, ...rest] = segments;
  if (field === undefined) return;
  let value = container[field];
  if (value === undefined) {
    value = includable(store, container, field);
    if (value === undefined) throw invalidRequest(`This property cannot be expanded (${path}).`, "expand");
    container[field] = value;
  }
  if (typeof value === "string") {
    const found = store.find(value);
    if (!found) throw invalidRequest(`This property cannot be expanded (${path}).`, "expand");
    value = structuredClone(found.object);
    container[field] = value;
  }
  if (rest.length === 0) return;
  if (Array.isArray(value)) {
    for (const element of value) if (isObject(element)) walk(store, element, rest, path);
  } else if (isObject(value)) {
    walk(store, value, rest, path);
  }
  // null stays null: Stripe allows expanding a field that is currently empty.
}

export function applyExpand(store: Store, body: object, paths: string[]): object {
  if (paths.length === 0) return body;
  const out = structuredClone(body) as Json;
  for (const path of paths) {
    const segments = path.split(".");
    if (segments.length > 4) {
      throw invalidRequest(`You cannot expand more than 4 levels of a property (${path}).`, "expand");
    }
    walk(store, out, segments, path);
  }
  return out;
}
