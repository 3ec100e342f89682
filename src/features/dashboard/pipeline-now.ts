import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import type { Tx } from "@/db/types";
import { LEAD_STATUSES, type LeadStatus } from "@/features/leads/options";

/** Leads by status now, and open (not closed) leads per owner now ('' = unclaimed). */
export type PipelineNow = {
  byStatus: Record<LeadStatus, number>;
  total: number;
  openByOwner: Map<string, number>;
};

/** From lead_counts (kept exact by triggers): a few dozen rows, however many leads exist. */
export async function readPipelineNow(tx: Tx): Promise<PipelineNow> {
  const rows = await queryRows<{ owner_id: string; status: LeadStatus; n: string | number }>(
    tx,
    sql`select owner_id, status, n from lead_counts where n <> 0`,
  );
  const byStatus = Object.fromEntries(LEAD_STATUSES.map((s) => [s, 0])) as Record<LeadStatus, number>;
  const openByOwner = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    byStatus[r.status] += n;
    total += n;
    if (r.status !== "closed_won" && r.status !== "closed_lost") {
      openByOwner.set(r.owner_id, (openByOwner.get(r.owner_id) ?? 0) + n);
    }
  }
  return { byStatus, total, openByOwner };
}
