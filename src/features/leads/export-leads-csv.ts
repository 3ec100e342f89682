import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import { withActor } from "@/db/rls";
import type { Database } from "@/db/types";
import { type Actor, canUseSalesConsole } from "@/features/accounts/load-actor";
import { fail, type Result } from "@/lib/result";
import { leadSource, leadWhere } from "./lead-filters";
import type { LeadFilter } from "./lead-view";

const CSV_BATCH_SIZE = 1000;

const COLUMNS = [
  ["id", "id"],
  ["created_at", "created_at"],
  ["status", "status"],
  ["owner", "owner_name"],
  ["name", "name"],
  ["email", "email"],
  ["phone", "phone"],
  ["preferred_contact", "preferred_contact"],
  ["job_title", "job_title"],
  ["company", "company"],
  ["company_size", "company_size"],
  ["interests", "interests"],
  ["timeline", "timeline"],
  ["problems", "problems"],
  ["loss_reason", "loss_reason"],
  ["submissions", "submission_count"],
  ["last_activity_at", "last_activity_at"],
  ["utm_source", "utm_source"],
  ["utm_medium", "utm_medium"],
  ["utm_campaign", "utm_campaign"],
  ["utm_term", "utm_term"],
  ["utm_content", "utm_content"],
  ["referrer", "referrer"],
] as const;

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; and a cell a spreadsheet would run as
 * a formula (starting with = + - @, or a tab or carriage return) is prefixed with a quote mark.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = Array.isArray(value)
    ? value.join("; ")
    : value instanceof Date
      ? value.toISOString()
      : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(",")}\r\n`;

type Cursor = { at: string; id: string } | null;

/**
 * The current filtered view of the lead table as CSV, streamed: rows are read in keyset-paginated batches,
 * each in its own short transaction under the actor's row-level security, and written out as they come,
 * so a hundred thousand leads are never in memory at once.
 */
export async function exportLeadsCsv(
  db: Database,
  actor: Actor,
  filter: LeadFilter,
  options: { batchSize?: number } = {},
): Promise<Result<{ stream: ReadableStream<Uint8Array>; filename: string }>> {
  if (!canUseSalesConsole(actor)) return fail("forbidden", "Only sales reps and admins may export leads.");
  const batchSize = options.batchSize ?? CSV_BATCH_SIZE;
  const encoder = new TextEncoder();
  let cursor: Cursor = null;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(csvLine(COLUMNS.map(([header]) => header))));
        }
        const rows = await readBatch(db, actor, filter, cursor, batchSize);
        if (rows.length > 0) {
          controller.enqueue(
            encoder.encode(rows.map((row) => csvLine(COLUMNS.map(([, key]) => row[key]))).join("")),
          );
          const last = rows[rows.length - 1]!;
          cursor = { at: String(last.cursor_at), id: String(last.id) };
        }
        if (rows.length < batchSize) controller.close();
      } catch (error) {
        console.error("[leads] CSV export failed:", error);
        controller.error(error);
      }
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return {
    ok: true,
    stream,
    filename: `leads-${filter.owner === "all" ? "all" : filter.owner}-${stamp}.csv`,
  };
}

async function readBatch(
  db: Database,
  actor: Actor,
  filter: LeadFilter,
  cursor: Cursor,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const key = filter.sort === "activity" ? sql.raw("l.last_activity_at") : sql.raw("l.created_at");
  const descending = filter.sort !== "oldest";
  let after: SQL = sql`true`;
  if (cursor) {
    // Compared in the database's own precision (microseconds), so no row is skipped or repeated.
    after = descending
      ? sql`(${key}, l.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`
      : sql`(${key}, l.id) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
  }
  const order = descending ? sql`${key} desc, l.id desc` : sql`${key} asc, l.id asc`;
  return withActor(db, actor, (tx) =>
    queryRows<Record<string, unknown>>(
      tx,
      sql`
      select l.*, ${key}::text as cursor_at, u.name as owner_name
      from (
        select l.id from ${leadSource(filter)} where ${leadWhere(filter, actor.id)} and ${after}
        order by ${order} limit ${limit}
      ) batch
      join leads l on l.id = batch.id
      left join users u on u.id = l.claimed_by
      order by ${order}`,
    ),
  );
}
