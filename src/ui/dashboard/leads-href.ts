import { type LeadSlice, leadSliceParams } from "@/features/leads/lead-slice";
import type { LeadStatus } from "@/features/leads/options";

/**
 * The leads list filtered to exactly the set a dashboard number counts: the view's owner and status
 * plus the dashboard slice (src/features/leads/lead-slice.ts), which the list counts the same way.
 */
export function leadsHref(
  view: { owner?: string; status?: LeadStatus },
  slice: Partial<LeadSlice> = {},
): string {
  const params = new URLSearchParams({ owner: view.owner ?? "all" });
  if (view.status) params.set("status", view.status);
  for (const [key, value] of leadSliceParams(slice)) params.set(key, value);
  return `/sales/leads?${params.toString()}`;
}
