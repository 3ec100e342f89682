import { type SQL, sql } from "drizzle-orm";
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

/**
 * Where a view's rows come from, as `l` with id, claimed_by, status, created_at and last_activity_at:
 * the leads themselves, or under a search app.search_leads() (the trigram index on lead_search; under
 * row-level security PostgreSQL cannot use an index for LIKE on `leads`); a whole email address reads
 * `leads` by email (leadWhere). Join `leads` on id for the rest.
 */
export function leadSource(filter: LeadFilter): SQL {
  return filter.q && !isEmailQuery(filter.q)
    ? sql`app.search_leads(${likePattern(filter.q)}) l`
    : sql`leads l`;
}

/** The owner and status conditions of a view over its source `l`. */
export function leadWhere(filter: LeadFilter, actorId: string, withOwner = true): SQL {
  const parts: SQL[] = [];
  if (withOwner) {
    // Open is what waits for someone: unclaimed and not closed (closed leads nobody claimed are under All).
    if (filter.owner === "open")
      parts.push(
        sql`l.claimed_by is null and l.status not in (${sql.join(
          CLOSED_STATUSES.map((status) => sql`${status}`),
          sql`, `,
        )})`,
      );
    else if (filter.owner === "mine") parts.push(sql`l.claimed_by = ${actorId}`);
    else if (filter.owner !== "all") parts.push(sql`l.claimed_by = ${filter.owner}`);
  }
  if (filter.status) parts.push(sql`l.status = ${filter.status}`);
  if (filter.q && isEmailQuery(filter.q)) parts.push(sql`l.email = ${filter.q.toLowerCase()}`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

export function leadOrder(sort: LeadSort): SQL {
  if (sort === "oldest") return sql`l.created_at asc, l.id asc`;
  if (sort === "activity") return sql`l.last_activity_at desc, l.id desc`;
  return sql`l.created_at desc, l.id desc`;
}
