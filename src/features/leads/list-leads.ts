import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/query";
import { withActor } from "@/db/rls";
import type { Database, Tx } from "@/db/types";
import { type Actor, canUseSalesConsole } from "@/features/accounts/load-actor";
import { fail, type Result } from "@/lib/result";
import { leadOrder, leadSource, leadWhere } from "./lead-filters";
import { type LeadFilter, leadFilterSchema, parseLeadFilter } from "./lead-view";
import { LEADS_PAGE_SIZE, type LeadStatus } from "./options";

export const listLeadsSchema = leadFilterSchema.extend({
  page: z.coerce.number().int().min(1).max(10_000).optional().default(1).catch(1),
});
export type ListLeadsInput = z.input<typeof listLeadsSchema>;

export type LeadRow = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  status: LeadStatus;
  ownerId: string | null;
  ownerName: string | null;
  version: number;
  submissionCount: number;
  createdAt: Date;
  lastActivityAt: Date;
};

/** The owner filter's entries with their live counts (under the current status and search). */
export type LeadTallies = {
  open: number;
  mine: number;
  all: number;
  owners: { id: string; name: string; count: number }[];
};

export type LeadList = {
  filter: LeadFilter;
  rows: LeadRow[];
  tallies: LeadTallies;
  total: number;
  page: number;
  pageSize: number;
};

/**
 * One page of the lead table plus the owner tallies. Rows come from the index for the view's filter and
 * sort; without a search the tallies are read from lead_counts (kept by triggers), so neither grows with
 * the number of leads. With a search both are worked out over the matching rows only (trigram index).
 */
export async function listLeads(
  db: Database,
  actor: Actor,
  input: ListLeadsInput,
): Promise<Result<LeadList>> {
  if (!canUseSalesConsole(actor)) return fail("forbidden", "Only sales reps and admins may see leads.");
  const filter = parseLeadFilter(input);
  const page = listLeadsSchema.shape.page.parse(input.page);
  return withActor(db, actor, async (tx) => {
    const tallies = await leadTallies(tx, actor, filter);
    const total =
      filter.owner === "open"
        ? tallies.open
        : filter.owner === "mine"
          ? tallies.mine
          : filter.owner === "all"
            ? tallies.all
            : (tallies.owners.find((o) => o.id === filter.owner)?.count ?? 0);
    const rows = await queryRows<{
      id: string;
      name: string;
      email: string | null;
      phone: string | null;
      company: string | null;
      status: LeadStatus;
      claimed_by: string | null;
      owner_name: string | null;
      version: number;
      submission_count: number;
      created_at: Date | string;
      last_activity_at: Date | string;
    }>(
      tx,
      sql`
      select l.id, l.name, l.email, l.phone, l.company, l.status, l.claimed_by, u.name as owner_name,
             l.version, l.submission_count, l.created_at, l.last_activity_at
      from (
        select l.id from ${leadSource(filter)} where ${leadWhere(filter, actor.id)}
        order by ${leadOrder(filter.sort)}
        limit ${LEADS_PAGE_SIZE} offset ${(page - 1) * LEADS_PAGE_SIZE}
      ) page
      join leads l on l.id = page.id
      left join users u on u.id = l.claimed_by
      order by ${leadOrder(filter.sort)}`,
    );
    return {
      ok: true,
      filter,
      tallies,
      total,
      page,
      pageSize: LEADS_PAGE_SIZE,
      rows: rows.map((r) => ({
        id: r.id,
        name: r.name,
        email: r.email,
        phone: r.phone,
        company: r.company,
        status: r.status,
        ownerId: r.claimed_by,
        ownerName: r.claimed_by ? (r.owner_name ?? "Former team member") : null,
        version: Number(r.version),
        submissionCount: Number(r.submission_count),
        createdAt: new Date(r.created_at),
        lastActivityAt: new Date(r.last_activity_at),
      })),
    };
  });
}

export async function leadTallies(tx: Tx, actor: Actor, filter: LeadFilter): Promise<LeadTallies> {
  // Counts per (owner, status) from the trigger-kept table: a few dozen rows however many leads exist.
  const counts = await queryRows<{ owner_id: string; status: LeadStatus; n: number | string }>(
    tx,
    sql`select owner_id, status, n from lead_counts where n <> 0`,
  );
  const everOwners = new Set<string>();
  let perOwner = new Map<string, number>();
  for (const c of counts) {
    if (c.owner_id) everOwners.add(c.owner_id);
    if (!filter.status || c.status === filter.status) {
      perOwner.set(c.owner_id, (perOwner.get(c.owner_id) ?? 0) + Number(c.n));
    }
  }
  if (filter.q) {
    // Under a search, count only the matching leads (found through the trigram index on lead_search).
    const matched = await queryRows<{ owner_id: string; n: number | string }>(
      tx,
      sql`select coalesce(l.claimed_by, '') as owner_id, count(*) as n from ${leadSource(filter)}
          where ${leadWhere(filter, actor.id, false)} group by 1`,
    );
    perOwner = new Map(matched.map((m) => [m.owner_id, Number(m.n)]));
  }
  const ownerIds = [...everOwners];
  if (
    filter.owner !== "open" &&
    filter.owner !== "mine" &&
    filter.owner !== "all" &&
    !everOwners.has(filter.owner)
  ) {
    ownerIds.push(filter.owner);
  }
  const names = ownerIds.length
    ? await queryRows<{ id: string; name: string }>(
        tx,
        sql`select id, name from users where id in (${sql.join(
          ownerIds.map((id) => sql`${id}`),
          sql`, `,
        )})`,
      )
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const owners = ownerIds
    .filter((id) => nameOf.has(id) || everOwners.has(id))
    .map((id) => ({ id, name: nameOf.get(id) ?? "Former team member", count: perOwner.get(id) ?? 0 }))
    .sort((a, b) => a.name.localeCompare(b.name));
  let all = 0;
  for (const n of perOwner.values()) all += n;
  return { open: perOwner.get("") ?? 0, mine: perOwner.get(actor.id) ?? 0, all, owners };
}
