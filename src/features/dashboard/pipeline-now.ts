import { sql } from "drizzle-orm";
import { fromJson, jsonRows } from "@/db/query";
import type { Tx } from "@/db/types";
import { LEAD_STATUSES, type LeadStatus } from "@/features/leads/options";
import { type JsonCount, selectPart } from "./range-sql";

/** Leads by status now, and open (not closed) leads per owner now ('' = unclaimed). */
export type PipelineNow = {
  byStatus: Record<LeadStatus, number>;
  total: number;
  openByOwner: Map<string, number>;
};

/** From lead_counts (kept exact by triggers): a few dozen rows, however many leads exist. */
export const pipelineNowPart = () =>
  jsonRows(sql`select owner_id as o, status as s, n from lead_counts where n <> 0`);

export function parsePipelineNow(value: unknown): PipelineNow {
  const rows = fromJson<{ o: string; s: LeadStatus; n: JsonCount }[]>(value);
  const byStatus = Object.fromEntries(LEAD_STATUSES.map((s) => [s, 0])) as Record<LeadStatus, number>;
  const openByOwner = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    byStatus[r.s] += n;
    total += n;
    if (r.s !== "closed_won" && r.s !== "closed_lost") {
      openByOwner.set(r.o, (openByOwner.get(r.o) ?? 0) + n);
    }
  }
  return { byStatus, total, openByOwner };
}

export const readPipelineNow = (tx: Tx) => selectPart(tx, pipelineNowPart(), parsePipelineNow);
