import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { fromJson, jsonRows, queryRows } from "@/db/query";
import { readAsActor, withActor } from "@/db/rls";
import type { Database, Tx } from "@/db/types";
import { type Actor, canUseSalesConsole } from "@/features/accounts/load-actor";
import { fail, type Result } from "@/lib/result";
import { isEmailQuery, leadOrder, leadSource, leadWhere, likePattern } from "./lead-filters";
import { hasSlice } from "./lead-slice";
import { type LeadFilter, leadFilterWith } from "./lead-view";
import { CLOSED_STATUSES, LEADS_PAGE_SIZE, type LeadStatus } from "./options";

export const listLeadsSchema = leadFilterWith({
  page: z.coerce.number().int().min(1).max(10_000).optional().default(1).catch(1),
});
/** A view of the lead table as the URL gives it (owner, status, search, sort, slice, page), before and after parsing. */
export type ListLeadsInput = z.input<typeof listLeadsSchema>;
export type LeadsQuery = z.output<typeof listLeadsSchema>;

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

/**
 * The owner filter's entries with their live counts (under the current status and search). A search that
 * matches more than SEARCH_COUNT_CAP leads is counted only that far: `capped` is set, `all` is the cap
 * (shown as "1,000+") and the per-owner counts are null (not counted).
 */
export type LeadTallies = {
  open: number | null;
  mine: number | null;
  all: number;
  owners: { id: string; name: string; count: number | null }[];
  capped: boolean;
};

export type LeadList = {
  filter: LeadFilter;
  /** The names of the people the slice names (wonBy, claimedBy), for its description. */
  sliceNames: Record<string, string>;
  rows: LeadRow[];
  tallies: LeadTallies;
  /** Leads in the view; when `totalCapped`, only a lower bound (the count cap). */
  total: number;
  totalCapped: boolean;
  /** Whether a next page exists (known even when the total is not). */
  hasNext: boolean;
  page: number;
  pageSize: number;
};

/** How many matches of a search are counted at most: beyond it the tallies say "1,000+". */
const SEARCH_COUNT_CAP = 1000;

/** A row as the page's statement sends it: positional, so key names are not repeated 25 times (ROW_JSON). */
type RowRecord = [
  id: string,
  name: string,
  email: string | null,
  phone: string | null,
  company: string | null,
  status: LeadStatus,
  claimedBy: string | null,
  version: number,
  submissionCount: number,
  createdAt: string,
  lastActivityAt: string,
];

// Owner names come from the tallies, which name every current owner: the rows need no join of their own.
const toLeadRow =
  (names: Map<string, string>) =>
  ([
    id,
    name,
    email,
    phone,
    company,
    status,
    claimedBy,
    version,
    submissionCount,
    createdAt,
    lastActivityAt,
  ]: RowRecord): LeadRow => ({
    id,
    name,
    email,
    phone,
    company,
    status,
    ownerId: claimedBy,
    ownerName: claimedBy ? (names.get(claimedBy) ?? "Former team member") : null,
    version: Number(version),
    submissionCount: Number(submissionCount),
    createdAt: new Date(createdAt),
    lastActivityAt: new Date(lastActivityAt),
  });

/** A row of `leads l` as a JSON array in RowRecord's order. */
const ROW_JSON = sql`json_build_array(l.id, l.name, l.email, l.phone, l.company, l.status, l.claimed_by, l.version,
  l.submission_count, l.created_at, l.last_activity_at)`;

const namesOf = (tallies: LeadTallies) => new Map(tallies.owners.map((o) => [o.id, o.name]));

type CountRecord = { owner_id: string; status: LeadStatus; n: number | string };
type NameRecord = { id: string; name: string };

/**
 * What a page of the lead table reads, as the parts of one statement (one round trip: on the embedded
 * database each statement costs the server's own thread). `counts` and `names` feed the tallies; the
 * others are there when the view needs them.
 */
type PageRecord = {
  counts: unknown;
  names: unknown;
  rows?: unknown;
  matched?: unknown;
  slice_names?: unknown;
};

const isPersonOwner = (owner: string) => owner !== "open" && owner !== "mine" && owner !== "all";

/**
 * One page's statement: the tallies' parts and `more` (the rows). The tallies' parts are counts per
 * (owner, status) from the trigger-kept lead_counts (a few dozen rows however many leads exist), read
 * once, and the names of everyone they list plus the owner the view filters by. Under an email search or
 * a slice, also `matched`: the same counts over just the matching leads.
 */
function pageStatement(filter: LeadFilter, actorId: string, search: boolean, more: SQL): SQL {
  const owner = isPersonOwner(filter.owner) ? filter.owner : null;
  const parts = [
    sql`(select coalesce(json_agg(c), '[]'::json) from tally c) as counts`,
    // As an array, so users is read through its primary key and only the owners are checked by its policy.
    sql`${jsonRows(sql`select id, name from users where id = any(array(select owner_id from tally) || ${owner}::text)`)} as names`,
  ];
  if ((filter.q || hasSlice(filter.slice)) && !search)
    parts.push(
      sql`${jsonRows(
        sql`select coalesce(l.claimed_by, '') as owner_id, l.status, count(*) as n from ${leadSource(filter)}
            where ${leadWhere(filter, actorId, false)} group by 1, 2`,
      )} as matched`,
    );
  const sliceIds = [filter.slice.wonBy, filter.slice.claimedBy].filter(
    (id): id is string => !!id && id !== "none",
  );
  if (sliceIds.length)
    parts.push(
      sql`${jsonRows(
        sql`select id, name from users where id in (${sql.join(
          sliceIds.map((id) => sql`${id}`),
          sql`, `,
        )})`,
      )} as slice_names`,
    );
  return sql`with tally as materialized (select owner_id, status, n from lead_counts where n <> 0)
    select ${sql.join(parts, sql`, `)}, ${more}`;
}

/**
 * One page of the lead table plus the owner tallies. Rows come from the index for the view's filter and
 * sort; without a search the tallies are read from lead_counts (kept by triggers), so neither grows with
 * the number of leads. A search (searchPage) reads its first SEARCH_COUNT_CAP + 1 matches in the view's
 * order through app.search_leads_page and works the tallies and usually the page out of those, so it
 * costs at most that many matches, however many leads match. A dashboard slice (lead-slice.ts) is read
 * from `leads` with its conditions, search included, and its tallies are exact counts over those rows.
 */
export async function listLeads(
  db: Database,
  actor: Actor,
  query: LeadsQuery,
  options: { searchCap?: number } = {},
): Promise<Result<LeadList>> {
  if (!canUseSalesConsole(actor)) return fail("forbidden", "Only sales reps and admins may see leads.");
  const { page, ...filter } = query;
  if (filter.q && !isEmailQuery(filter.q) && !hasSlice(filter.slice))
    return withActor(db, actor, async (tx) => {
      const found = await searchPage(tx, actor, filter, page, options.searchCap ?? SEARCH_COUNT_CAP);
      return { ok: true, filter, sliceNames: {}, page, pageSize: LEADS_PAGE_SIZE, ...found };
    });
  // Everything else is one statement: read in one call where the driver can (readAsActor).
  const [read] = await readAsActor<PageRecord>(
    db,
    actor,
    pageStatement(
      filter,
      actor.id,
      false,
      sql`(select coalesce(json_agg(${ROW_JSON} order by ${leadOrder(filter.sort)}), '[]'::json)
       from (
         select l.id from ${leadSource(filter)} where ${leadWhere(filter, actor.id)}
         order by ${leadOrder(filter.sort)}
         limit ${LEADS_PAGE_SIZE} offset ${(page - 1) * LEADS_PAGE_SIZE}
       ) page
       join leads l on l.id = page.id) as rows`,
    ),
  );
  const tallies = leadTallies(actor, filter, read!);
  const total = viewCount(tallies, filter) ?? 0;
  return {
    ok: true,
    filter,
    sliceNames: Object.fromEntries(
      fromJson<NameRecord[]>(read!.slice_names ?? []).map((r) => [r.id, r.name]),
    ),
    tallies,
    total,
    totalCapped: false,
    hasNext: page * LEADS_PAGE_SIZE < total,
    page,
    pageSize: LEADS_PAGE_SIZE,
    rows: fromJson<RowRecord[]>(read!.rows).map(toLeadRow(namesOf(tallies))),
  };
}

/** The count of the view's own owner entry. */
function viewCount(tallies: LeadTallies, filter: LeadFilter): number | null {
  if (filter.owner === "open") return tallies.open;
  if (filter.owner === "mine") return tallies.mine;
  if (filter.owner === "all") return tallies.all;
  return tallies.owners.find((o) => o.id === filter.owner)?.count ?? 0;
}

type Match = { id: string; claimed_by: string | null; status: LeadStatus };

/** The Open view's rule (SPEC §3): unclaimed and not closed. Closed leads nobody claimed are under All. */
const isOpen = (m: { claimed_by: string | null; status: LeadStatus }) =>
  m.claimed_by === null && !CLOSED_STATUSES.includes(m.status);

/**
 * A search: its first cap + 1 matches (any owner, the view's status) in the view's order, in one call.
 * At most cap matches: they are all of them, so the tallies are exact and the page is a slice. More: the
 * tallies say "cap+" (per owner not counted) and the page is still a slice of them when it lies within,
 * else one more call reads just that page. The planner walks a sort index for a common pattern (a few
 * thousand rows checked) and uses the trigram index for a rare one (few matches to sort).
 */
async function searchPage(
  tx: Tx,
  actor: Actor,
  filter: LeadFilter,
  page: number,
  cap: number,
): Promise<Pick<LeadList, "rows" | "tallies" | "total" | "totalCapped" | "hasNext">> {
  const pattern = likePattern(filter.q);
  const status = filter.status ?? null;
  const matches = await queryRows<Match>(
    tx,
    sql`select id, claimed_by, status from app.search_leads_page(${pattern}, false, null, ${status},
        ${filter.sort}, ${cap + 1}, 0)`,
  );
  const capped = matches.length > cap;
  const inView = (m: Match) =>
    filter.owner === "all" ||
    (filter.owner === "open"
      ? isOpen(m)
      : m.claimed_by === (filter.owner === "mine" ? actor.id : filter.owner));
  const viewMatches = matches.slice(0, cap).filter(inView);
  const offset = (page - 1) * LEADS_PAGE_SIZE;
  let ids: string[];
  let hasNext: boolean;
  if (!capped || viewMatches.length > offset + LEADS_PAGE_SIZE) {
    ids = viewMatches.slice(offset, offset + LEADS_PAGE_SIZE).map((m) => m.id);
    hasNext = viewMatches.length > offset + LEADS_PAGE_SIZE;
  } else {
    const owner = filter.owner === "mine" ? actor.id : filter.owner;
    const more = await queryRows<Match>(
      tx,
      sql`select id, claimed_by, status from app.search_leads_page(${pattern}, ${filter.owner === "open"},
          ${filter.owner === "open" || filter.owner === "all" ? null : owner}, ${status}, ${filter.sort},
          ${LEADS_PAGE_SIZE + 1}, ${offset})`,
    );
    ids = more.slice(0, LEADS_PAGE_SIZE).map((m) => m.id);
    hasNext = more.length > LEADS_PAGE_SIZE;
  }
  const perOwner = new Map<string, number>();
  let open = 0;
  if (!capped)
    for (const m of matches) {
      perOwner.set(m.claimed_by ?? "", (perOwner.get(m.claimed_by ?? "") ?? 0) + 1);
      if (isOpen(m)) open++;
    }
  const rowsPart = ids.length
    ? sql`(select coalesce(json_agg(${ROW_JSON}), '[]'::json) from leads l where l.id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}))`
    : sql`'[]'::json`;
  const [read] = await queryRows<PageRecord>(
    tx,
    pageStatement(filter, actor.id, true, sql`${rowsPart} as rows`),
  );
  const tallies = leadTallies(actor, filter, read!, capped ? { capped: cap } : { counts: perOwner, open });
  const rows = fromJson<RowRecord[]>(read!.rows);
  const position = new Map(ids.map((id, i) => [id, i]));
  rows.sort((a, b) => position.get(a[0])! - position.get(b[0])!);
  return {
    rows: rows.map(toLeadRow(namesOf(tallies))),
    tallies,
    total: capped ? cap : (viewCount(tallies, filter) ?? 0),
    totalCapped: capped,
    hasNext,
  };
}

/**
 * The owner filter's entries, from the tallies' parts (pageStatement). Without a search, or for a whole email
 * address, from lead_counts or a count over the (few) matching rows; a search passes its own counts per
 * owner ('' = open), or the cap it hit. Under a slice, an exact count over the sliced rows (lead_counts
 * knows only owner and status).
 */
function leadTallies(
  actor: Actor,
  filter: LeadFilter,
  read: PageRecord,
  search?: { counts: Map<string, number>; open: number } | { capped: number },
): LeadTallies {
  const everOwners = new Set<string>();
  let perOwner = new Map<string, number>();
  let open = 0;
  const tally = (owner: string, status: LeadStatus, n: number) => {
    perOwner.set(owner, (perOwner.get(owner) ?? 0) + n);
    if (isOpen({ claimed_by: owner || null, status })) open += n;
  };
  for (const c of fromJson<CountRecord[]>(read.counts)) {
    if (c.owner_id) everOwners.add(c.owner_id);
    if (!filter.status || c.status === filter.status) tally(c.owner_id, c.status, Number(c.n));
  }
  if (search && "counts" in search) {
    perOwner = search.counts;
    open = search.open;
  } else if (read.matched !== undefined) {
    // Under an email search, only the matching leads (found through the email index); under a slice, the
    // sliced leads (with the search matched on them).
    perOwner = new Map();
    open = 0;
    for (const m of fromJson<CountRecord[]>(read.matched)) tally(m.owner_id, m.status, Number(m.n));
  }
  const ownerIds = [...everOwners];
  if (isPersonOwner(filter.owner) && !everOwners.has(filter.owner)) ownerIds.push(filter.owner);
  const names = fromJson<NameRecord[]>(read.names);
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const capped = search && "capped" in search ? search.capped : null;
  const count = (id: string) => (capped === null ? (perOwner.get(id) ?? 0) : null);
  const owners = ownerIds
    .filter((id) => nameOf.has(id) || everOwners.has(id))
    .map((id) => ({ id, name: nameOf.get(id) ?? "Former team member", count: count(id) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  let all = 0;
  for (const n of perOwner.values()) all += n;
  return {
    open: capped === null ? open : null,
    mine: count(actor.id),
    all: capped ?? all,
    owners,
    capped: capped !== null,
  };
}
