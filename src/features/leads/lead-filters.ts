import { type SQL, sql } from "drizzle-orm";
import { hasSlice, type LeadSlice, PIPELINE_STAGES } from "./lead-slice";
import type { LeadFilter } from "./lead-view";
import { CLOSED_STATUSES, type LeadSort } from "./options";

/** `%` and `_` typed by a person are literal characters, not wildcards. */
export const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A search that is a whole email address is answered by email equality (the btree on leads.email, usable
 * under row-level security because text equality is leakproof) instead of the trigram index: every
 * address shares trigrams like "com" and ".co" with most others, whose huge posting lists make a trigram
 * lookup of a full address slow. Stored emails are lower-cased. (A full address no longer also finds
 * longer addresses that contain it, such as "xjo@acme.com" for "jo@acme.com".)
 */
export const isEmailQuery = (q: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(q);

/** Whether a search goes through app.search_leads (the trigram index): not an email address, no slice. */
const searchesIndex = (filter: LeadFilter) =>
  !!filter.q && !isEmailQuery(filter.q) && !hasSlice(filter.slice);

/**
 * Where a view's rows come from, as `l` with id, claimed_by, status, created_at and last_activity_at:
 * the leads themselves, or under a search app.search_leads() (the trigram index on lead_search; under
 * row-level security PostgreSQL cannot use an index for LIKE on `leads`); a whole email address reads
 * `leads` by email (leadWhere). Under a dashboard slice the rows are `leads` narrowed by the slice, and a
 * search is matched on those rows (leadWhere). Join `leads` on id for the rest.
 */
export function leadSource(filter: LeadFilter): SQL {
  return searchesIndex(filter) ? sql`app.search_leads(${likePattern(filter.q)}) l` : sql`leads l`;
}

const closedList = () =>
  sql.join(
    CLOSED_STATUSES.map((status) => sql`${status}`),
    sql`, `,
  );
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** The slice's conditions on `leads l` (lead-slice.ts; the dashboard counts the same sets). */
export function sliceWhere(slice: LeadSlice): SQL[] {
  const parts: SQL[] = [];
  if (slice.from) parts.push(sql`l.created_at >= ${at(slice.from)}`);
  if (slice.to) parts.push(sql`l.created_at < ${at(slice.to)}`);
  if (slice.stage) parts.push(sql`l.highest_stage >= ${PIPELINE_STAGES.indexOf(slice.stage)}`);
  if (slice.open) parts.push(sql`l.status not in (${closedList()})`);
  if (slice.lossReason) parts.push(sql`l.loss_reason = ${slice.lossReason}`);
  if (slice.contact === "within_1h")
    parts.push(
      sql`l.first_contact_at is not null and l.first_contact_at - l.created_at <= interval '1 hour'`,
    );
  else if (slice.contact === "within_24h")
    parts.push(
      sql`l.first_contact_at is not null and l.first_contact_at - l.created_at <= interval '24 hours'`,
    );
  else if (slice.contact === "answered") parts.push(sql`l.first_contact_at is not null`);
  else if (slice.contact === "waiting")
    parts.push(sql`l.first_contact_at is null and l.status not in (${closedList()})`);
  if (slice.wonFrom) parts.push(sql`l.won_at >= ${at(slice.wonFrom)}`);
  if (slice.wonTo) parts.push(sql`l.won_at < ${at(slice.wonTo)}`);
  if (slice.wonBy === "none") parts.push(sql`l.won_at is not null and l.won_by is null`);
  else if (slice.wonBy) parts.push(sql`l.won_by = ${slice.wonBy}`);
  if (slice.claimedFrom || slice.claimedTo || slice.claimedBy) {
    const claim: SQL[] = [sql`e.lead_id = l.id`, sql`e.type = 'claimed'`];
    if (slice.claimedFrom) claim.push(sql`e.created_at >= ${at(slice.claimedFrom)}`);
    if (slice.claimedTo) claim.push(sql`e.created_at < ${at(slice.claimedTo)}`);
    if (slice.claimedBy) claim.push(sql`e.to_user_id = ${slice.claimedBy}`);
    parts.push(sql`exists (select 1 from lead_events e where ${sql.join(claim, sql` and `)})`);
  }
  if (slice.revenue || slice.revenueIn)
    parts.push(
      sql`exists (select 1 from lead_revenue r where r.lead_id = l.id${
        slice.revenueIn ? sql` and r.currency = ${slice.revenueIn}` : sql``
      })`,
    );
  return parts;
}

/** The owner, status, search (where not in leadSource) and slice conditions of a view over its source `l`. */
export function leadWhere(filter: LeadFilter, actorId: string, withOwner = true): SQL {
  const parts: SQL[] = [];
  if (withOwner) {
    // Open is what waits for someone: unclaimed and not closed (closed leads nobody claimed are under All).
    if (filter.owner === "open") parts.push(sql`l.claimed_by is null and l.status not in (${closedList()})`);
    else if (filter.owner === "mine") parts.push(sql`l.claimed_by = ${actorId}`);
    else if (filter.owner !== "all") parts.push(sql`l.claimed_by = ${filter.owner}`);
  }
  if (filter.status) parts.push(sql`l.status = ${filter.status}`);
  if (filter.q && isEmailQuery(filter.q)) parts.push(sql`l.email = ${filter.q.toLowerCase()}`);
  else if (filter.q && !searchesIndex(filter)) parts.push(sql`l.search_text like ${likePattern(filter.q)}`);
  parts.push(...sliceWhere(filter.slice));
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

export function leadOrder(sort: LeadSort): SQL {
  if (sort === "oldest") return sql`l.created_at asc, l.id asc`;
  if (sort === "activity") return sql`l.last_activity_at desc, l.id desc`;
  return sql`l.created_at desc, l.id desc`;
}
