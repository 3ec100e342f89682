// Stripe's cursor pagination: newest first, `limit`, `starting_after`, `ending_before`.
import { invalidRequest } from "./errors.js";
import type { Params } from "./params.js";
import type { Store } from "./store.js";
import type { ListObject } from "./types.js";

export const LIST_PARAMS = ["limit", "starting_after", "ending_before"] as const;

export function listObject<T>(data: T[], url: string, hasMore = false): ListObject<T> {
  return { object: "list", data, has_more: hasMore, url };
}

export function paginate<T extends { id: string; created: number }>(
  store: Store,
  items: T[],
  params: Params,
  url: string,
): ListObject<T> {
  const limit = params.int("limit", 1) ?? 10;
  if (limit > 100) throw invalidRequest("This value must be less than or equal to 100.", "limit");
  const startingAfter = params.string("starting_after");
  const endingBefore = params.string("ending_before");
  const sorted = [...items].sort(
    (a, b) => b.created - a.created || store.orderOf(b.id) - store.orderOf(a.id),
  );
  const cursorIndex = (id: string, param: string): number => {
    const i = sorted.findIndex((item) => item.id === id);
    if (i === -1) throw invalidRequest(`No such object: '${id}'`, param, "resource_missing");
    return i;
  };
  if (startingAfter) {
    const start = cursorIndex(startingAfter, "starting_after") + 1;
    const page = sorted.slice(start, start + limit);
    return listObject(page, url, start + limit < sorted.length);
  }
  if (endingBefore) {
    const end = cursorIndex(endingBefore, "ending_before");
    const start = Math.max(0, end - limit);
    return listObject(sorted.slice(start, end), url, start > 0);
  }
  return listObject(sorted.slice(0, limit), url, sorted.length > limit);
}
