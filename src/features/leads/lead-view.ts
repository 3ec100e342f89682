import { z } from "zod";
import { queryText } from "@/lib/paging";
import { leadSliceParams, leadSliceSchema } from "./lead-slice";
import { LEAD_SORTS, LEAD_STATUSES } from "./options";

// The view of the lead table, as it lives in the URL: owner, status, search, sort, page, and the dashboard's
// slice (lead-slice.ts, its own flat parameters). The list, the tallies and the CSV export read the same
// parsed filter, so the export is exactly the view. A bad value in a shared URL falls back to the default
// instead of failing the page.

const viewFields = {
  owner: queryText(100).transform((v) => v || "open"),
  status: z.preprocess((v) => (v === "" ? undefined : v), z.enum(LEAD_STATUSES).optional()).catch(undefined),
  q: queryText(200),
  sort: z.enum(LEAD_SORTS).optional().default("newest").catch("newest"),
};

/** The view's URL parameters, each parsed; the slice's are gathered under `slice`. */
const leadFilterFields = z.object({ ...viewFields, ...leadSliceSchema.shape });
const toFilter = ({ owner, status, q, sort, ...slice }: z.output<typeof leadFilterFields>) => ({
  owner,
  status,
  q,
  sort,
  slice,
});

export const leadFilterSchema = leadFilterFields.transform(toFilter);

export type LeadFilter = z.output<typeof leadFilterSchema>;

/** A view's parameters plus more of a caller's own (the list's page), parsed from the same flat query. */
export const leadFilterWith = <S extends z.ZodRawShape>(extra: S) =>
  z.intersection(leadFilterSchema, z.object(extra));

/** The URL query of a view (defaults left out), for links, pagination and the export. */
export function leadViewQuery(filter: LeadFilter, page?: number): string {
  const params = new URLSearchParams();
  if (filter.owner !== "open") params.set("owner", filter.owner);
  if (filter.status) params.set("status", filter.status);
  if (filter.q) params.set("q", filter.q);
  if (filter.sort !== "newest") params.set("sort", filter.sort);
  for (const [key, value] of leadSliceParams(filter.slice)) params.set(key, value);
  if (page && page > 1) params.set("page", String(page));
  return params.toString();
}
