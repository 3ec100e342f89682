import { z } from "zod";
import { queryText } from "@/lib/paging";
import { LEAD_SORTS, LEAD_STATUSES } from "./options";

// The view of the lead table, as it lives in the URL: owner, status, search, sort, page. The list, the
// tallies and the CSV export read the same parsed filter, so the export is exactly the view. A bad value
// in a shared URL falls back to the default instead of failing the page.

export const leadFilterSchema = z.object({
  owner: queryText(100).transform((v) => v || "open"),
  status: z.preprocess((v) => (v === "" ? undefined : v), z.enum(LEAD_STATUSES).optional()).catch(undefined),
  q: queryText(200),
  sort: z.enum(LEAD_SORTS).optional().default("newest").catch("newest"),
});

export type LeadFilter = z.output<typeof leadFilterSchema>;

/** The URL query of a view (defaults left out), for links, pagination and the export. */
export function leadViewQuery(filter: LeadFilter, page?: number): string {
  const params = new URLSearchParams();
  if (filter.owner !== "open") params.set("owner", filter.owner);
  if (filter.status) params.set("status", filter.status);
  if (filter.q) params.set("q", filter.q);
  if (filter.sort !== "newest") params.set("sort", filter.sort);
  if (page && page > 1) params.set("page", String(page));
  return params.toString();
}
