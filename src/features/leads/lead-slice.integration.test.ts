import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { createLead } from "../../../tests/helpers/leads";
import { GET as exportRoute } from "../../app/api/leads/export/route";
import { getDb } from "../../db/client";
import type { Database } from "../../db/types";
import { leadsConsoleOperation } from "../../server/operations/leads";
import { exportLeadsCsv } from "./export-leads-csv";
import { leadSliceParams } from "./lead-slice";
import { leadFilterSchema, leadViewQuery } from "./lead-view";
import { listLeads, listLeadsSchema } from "./list-leads";
import { LEADS_PAGE_SIZE, type LeadStatus } from "./options";

// The dashboard's slices of the lead table (lead-slice.ts): leads with crafted facts (submitted, stage
// reached, first contact, win, claims, revenue), and for each condition and some combinations the list
// (every page), its tallies, its total and the CSV export hold exactly the leads the condition defines.

let db: Database;
let rep: TestUser; // the one listing ("Mine")
let rival: TestUser;

type Owner = "rep" | "rival" | null;
type Fixture = {
  key: string;
  name: string;
  email: string;
  created: string;
  status: LeadStatus;
  owner: Owner;
  stage: number;
  /** Minutes from submission to the first contact; null: never contacted. */
  contactAfter: number | null;
  lossReason?: string;
  won?: { at: string; by: Owner };
  /** Claim entries in the timeline. */
  claims?: { at: string; by: Owner }[];
  revenue?: string[];
  id?: string;
};

const tag = `slice${Math.random().toString(36).slice(2, 8)}`;
const email = (key: string) => `${key}-${tag}@example.test`;

const facts: Omit<Fixture, "name" | "email">[] = [
  { key: "l0", created: "2026-11-02T10:00:00Z", status: "new", owner: null, stage: 0, contactAfter: null },
  {
    key: "l1",
    created: "2026-11-03T10:00:00Z",
    status: "contacted",
    owner: "rep",
    stage: 1,
    contactAfter: 30,
    claims: [{ at: "2026-11-03T10:30:00Z", by: "rep" }],
  },
  {
    key: "l2",
    created: "2026-11-04T10:00:00Z",
    status: "qualified",
    owner: "rep",
    stage: 2,
    contactAfter: 300,
    claims: [{ at: "2026-11-04T15:00:00Z", by: "rep" }],
  },
  {
    key: "l3",
    created: "2026-11-05T10:00:00Z",
    status: "converted",
    owner: "rival",
    stage: 3,
    contactAfter: 30 * 60,
    claims: [
      { at: "2026-11-05T12:00:00Z", by: "rep" },
      { at: "2026-11-06T12:00:00Z", by: "rival" },
    ],
  },
  {
    key: "l4",
    created: "2026-11-06T10:00:00Z",
    status: "closed_won",
    owner: "rep",
    stage: 4,
    contactAfter: 10,
    won: { at: "2026-11-20T10:00:00Z", by: "rep" },
    claims: [{ at: "2026-11-06T10:10:00Z", by: "rep" }],
    revenue: ["usd"],
  },
  {
    key: "l5",
    created: "2026-11-07T10:00:00Z",
    status: "closed_won",
    owner: null,
    stage: 4,
    contactAfter: null,
    won: { at: "2026-11-21T10:00:00Z", by: null },
    revenue: ["eur", "usd"],
  },
  {
    key: "l6",
    created: "2026-11-08T10:00:00Z",
    status: "closed_lost",
    owner: "rival",
    stage: 2,
    contactAfter: 120,
    lossReason: "No budget",
    claims: [{ at: "2026-11-25T10:00:00Z", by: "rival" }],
  },
  {
    key: "l7",
    created: "2026-11-09T10:00:00Z",
    status: "closed_lost",
    owner: "rep",
    stage: 1,
    contactAfter: 50,
    lossReason: "Timing",
    claims: [{ at: "2026-12-01T00:00:00Z", by: "rep" }],
  },
  {
    // Moved back from qualified: it keeps its stage.
    key: "l8",
    created: "2026-11-10T10:00:00Z",
    status: "new",
    owner: "rival",
    stage: 2,
    contactAfter: 20,
    claims: [{ at: "2026-10-20T10:00:00Z", by: "rival" }],
  },
  {
    key: "l9",
    created: "2026-10-15T10:00:00Z",
    status: "closed_won",
    owner: "rival",
    stage: 4,
    contactAfter: 60,
    won: { at: "2026-10-30T10:00:00Z", by: "rival" },
    revenue: ["usd"],
  },
  { key: "l10", created: "2026-12-01T00:00:00Z", status: "new", owner: null, stage: 0, contactAfter: null },
  {
    key: "l11",
    created: "2026-11-01T00:00:00Z",
    status: "contacted",
    owner: "rep",
    stage: 1,
    contactAfter: 24 * 60,
  },
  {
    key: "l12",
    created: "2026-11-12T10:00:00Z",
    status: "closed_won",
    owner: "rival",
    stage: 4,
    contactAfter: 24 * 60 + 1,
    won: { at: "2026-12-01T00:00:00Z", by: "rival" },
    revenue: ["usd"],
  },
  // Enough contacted leads for several pages: every other one the rep's, the rest open.
  ...Array.from({ length: LEADS_PAGE_SIZE + 8 }, (_, i) => ({
    key: `bulk${i}`,
    created: new Date(Date.parse("2026-11-15T00:00:00Z") + i * 60_000).toISOString(),
    status: "contacted" as const,
    owner: i % 2 === 0 ? ("rep" as const) : null,
    stage: 1,
    contactAfter: 45,
    claims: i % 2 === 0 ? [{ at: "2026-11-16T00:00:00Z", by: "rep" as const }] : [],
  })),
];
const fixtures: Fixture[] = facts.map((f) => ({
  ...f,
  name: `${f.key.startsWith("bulk") ? "Bulk" : "Pat"} ${tag} ${f.key}`,
  email: email(f.key),
}));

const userOf = (owner: Owner) => (owner === "rep" ? rep.id : owner === "rival" ? rival.id : null);
const ids = (list: Fixture[]) => list.map((f) => f.id!);
beforeAll(async () => {
  db = await getDb();
  [rep, rival] = await Promise.all([
    createTestUser({ isSales: true, name: "Sam Seller" }),
    createTestUser({ isSales: true, name: "Rita Rival" }),
  ]);
  for (const f of fixtures) f.id = (await createLead({ name: f.name, email: f.email })).id;
  for (const f of fixtures) {
    // Status and owner first (the trigger then raises the stage and stamps the win), the facts after.
    await systemRows(sql`update leads set status = ${f.status}, claimed_by = ${userOf(f.owner)},
        loss_reason = ${f.lossReason ?? null} where id = ${f.id} returning id`);
    await systemRows(sql`update leads set created_at = ${f.created}::timestamptz, highest_stage = ${f.stage},
        first_contact_at = ${f.contactAfter === null ? null : sql`${f.created}::timestamptz + ${`${f.contactAfter} minutes`}::interval`},
        won_at = ${f.won?.at ?? null}::timestamptz, won_by = ${f.won ? userOf(f.won.by) : null}
        where id = ${f.id} returning id`);
    for (const claim of f.claims ?? [])
      await systemRows(sql`insert into lead_events (lead_id, type, actor_id, to_user_id, created_at)
          values (${f.id}, 'claimed', ${userOf(claim.by)}, ${userOf(claim.by)}, ${claim.at}::timestamptz)
          returning id`);
    for (const currency of f.revenue ?? [])
      await systemRows(
        sql`insert into lead_revenue (lead_id, currency, amount) values (${f.id}, ${currency}, 4900) returning lead_id`,
      );
  }
  // Entries of other types never count as claims: a release to nobody and a reassignment to the rep.
  const l0 = fixtures[0]!.id!;
  await systemRows(sql`insert into lead_events (lead_id, type, actor_id, to_user_id, created_at)
      values (${l0}, 'reassigned', ${rival.id}, ${rep.id}, '2026-11-10T00:00:00Z'),
             (${l0}, 'released', ${rep.id}, null, '2026-11-11T00:00:00Z') returning id`);
});

const byKey = (key: string) => fixtures.find((f) => f.key === key)!;
const newestFirst = (list: Fixture[]) =>
  [...list].sort((a, b) => Date.parse(b.created) - Date.parse(a.created) || (b.id! < a.id! ? -1 : 1));
const isClosed = (f: Fixture) => f.status === "closed_won" || f.status === "closed_lost";
const minutes = (iso: string) => Date.parse(iso) / 60_000;
const inRange = (iso: string | undefined, from?: string, to?: string) =>
  iso !== undefined && (!from || minutes(iso) >= minutes(from)) && (!to || minutes(iso) < minutes(to));

const NOV = "2026-11-01T00:00:00.000Z";
const DEC = "2026-12-01T00:00:00.000Z";

async function list(actor: TestUser, input: Record<string, unknown>) {
  const result = await listLeads(db, actor.actor, listLeadsSchema.parse(input));
  if (!result.ok) throw new Error(result.message);
  return result;
}

/** Every row of a view, page by page (the same total on each), with the first page's tallies and total. */
async function allPages(actor: TestUser, input: Record<string, unknown>) {
  const first = await list(actor, input);
  const rows = first.rows.map((r) => r.id);
  for (let page = 2, current = first; current.hasNext; page++) {
    current = await list(actor, { ...input, page });
    expect(current.total).toBe(first.total);
    expect(current.tallies).toEqual(first.tallies);
    rows.push(...current.rows.map((r) => r.id));
  }
  return { rows, tallies: first.tallies, total: first.total, first };
}

/** The export's rows (ids, in order), as parsed from its CSV. */
async function exported(input: Record<string, unknown>) {
  const result = await exportLeadsCsv(db, rep.actor, leadFilterSchema.parse(input), { batchSize: 7 });
  if (!result.ok) throw new Error(result.message);
  const text = await new Response(result.stream).text();
  return text
    .split("\r\n")
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(",")[0]!);
}

/** Asserts list, tallies, total and export of `slice` (under any owner) against the leads `expected` picks. */
async function expectSlice(slice: Record<string, string>, expected: (f: Fixture) => boolean) {
  const want = newestFirst(fixtures.filter(expected));
  expect(want.length, "a slice that selects nothing proves little").toBeGreaterThan(0);
  expect(want.length, "nor one that selects everything").toBeLessThan(fixtures.length);
  const all = await allPages(rep, { owner: "all", ...slice });
  expect(all.rows).toEqual(ids(want));
  expect(all.total).toBe(want.length);
  expect(all.first.totalCapped).toBe(false);
  const count = (pick: (f: Fixture) => boolean) => want.filter(pick).length;
  expect(all.tallies).toMatchObject({
    all: want.length,
    open: count((f) => f.owner === null && !isClosed(f)),
    mine: count((f) => f.owner === "rep"),
    capped: false,
  });
  const owners = Object.fromEntries(all.tallies.owners.map((o) => [o.name, o.count]));
  expect(owners).toEqual({
    "Sam Seller": count((f) => f.owner === "rep"),
    "Rita Rival": count((f) => f.owner === "rival"),
  });
  // The other owner entries hold their part of the slice, and their totals are their tallies.
  for (const [owner, pick] of [
    ["open", (f: Fixture) => f.owner === null && !isClosed(f)],
    ["mine", (f: Fixture) => f.owner === "rep"],
    [rival.id, (f: Fixture) => f.owner === "rival"],
  ] as const) {
    const view = await allPages(rep, { owner, ...slice });
    expect(view.rows).toEqual(ids(want.filter(pick)));
    expect(view.total).toBe(want.filter(pick).length);
  }
  // Oldest first: the same set the other way round.
  expect((await allPages(rep, { owner: "all", sort: "oldest", ...slice })).rows.sort()).toEqual(
    ids(want).sort(),
  );
  expect(await exported({ owner: "all", ...slice })).toEqual(ids(want));
  return want;
}

describe("dashboard slices of the lead table", () => {
  it("submitted in [from, to): the start included, the end not", async () => {
    const want = await expectSlice({ from: NOV, to: DEC }, (f) => inRange(f.created, NOV, DEC));
    expect(want.map((f) => f.key)).toContain("l11");
    expect(want.map((f) => f.key)).not.toContain("l10");
    expect(want.map((f) => f.key)).not.toContain("l9");
    await expectSlice({ from: DEC }, (f) => inRange(f.created, DEC));
    await expectSlice({ to: NOV }, (f) => inRange(f.created, undefined, NOV));
  });

  it("reached a stage: the highest ever, so a lead moved back or lost still counts", async () => {
    const qualified = await expectSlice({ stage: "qualified" }, (f) => f.stage >= 2);
    expect(qualified.map((f) => f.key)).toEqual(expect.arrayContaining(["l6", "l8"]));
    await expectSlice({ stage: "contacted" }, (f) => f.stage >= 1);
    await expectSlice({ stage: "converted" }, (f) => f.stage >= 3);
    await expectSlice({ stage: "closed_won" }, (f) => f.stage >= 4);
  });

  it("open: not closed now", async () => {
    await expectSlice({ open: "1" }, (f) => !isClosed(f));
  });

  it("lost for a reason, with the status filter the dashboard passes with it", async () => {
    await expectSlice(
      { status: "closed_lost", lossReason: "No budget" },
      (f) => f.lossReason === "No budget",
    );
    await expectSlice({ status: "closed_lost", lossReason: "Timing" }, (f) => f.lossReason === "Timing");
  });

  it("time to first contact: within 1 h and 24 h (bounds included), answered, waiting", async () => {
    const hour = await expectSlice(
      { contact: "within_1h" },
      (f) => f.contactAfter !== null && f.contactAfter <= 60,
    );
    expect(hour.map((f) => f.key)).toContain("l9");
    const day = await expectSlice(
      { contact: "within_24h" },
      (f) => f.contactAfter !== null && f.contactAfter <= 24 * 60,
    );
    expect(day.map((f) => f.key)).toContain("l11");
    expect(day.map((f) => f.key)).not.toContain("l12");
    await expectSlice({ contact: "answered" }, (f) => f.contactAfter !== null);
    const waiting = await expectSlice({ contact: "waiting" }, (f) => f.contactAfter === null && !isClosed(f));
    expect(waiting.map((f) => f.key).sort()).toEqual(["l0", "l10"]);
  });

  it("won in [wonFrom, wonTo) by whoever owned the lead then, or by nobody", async () => {
    await expectSlice({ wonFrom: NOV, wonTo: DEC }, (f) => inRange(f.won?.at, NOV, DEC));
    await expectSlice({ wonFrom: NOV }, (f) => inRange(f.won?.at, NOV));
    await expectSlice({ wonBy: rival.id }, (f) => f.won?.by === "rival");
    await expectSlice({ wonBy: "none" }, (f) => f.won !== undefined && f.won.by === null);
    const sam = await expectSlice(
      { wonFrom: NOV, wonTo: DEC, wonBy: rep.id },
      (f) => inRange(f.won?.at, NOV, DEC) && f.won?.by === "rep",
    );
    expect(sam.map((f) => f.key)).toEqual(["l4"]);
  });

  it("claimed in [claimedFrom, claimedTo) by someone: claim entries only, each bound optional", async () => {
    const claimedIn = (f: Fixture, by: Owner | undefined, from?: string, to?: string) =>
      (f.claims ?? []).some((c) => (by === undefined || c.by === by) && inRange(c.at, from, to));
    await expectSlice({ claimedFrom: NOV, claimedTo: DEC }, (f) => claimedIn(f, undefined, NOV, DEC));
    await expectSlice({ claimedBy: rep.id }, (f) => claimedIn(f, "rep"));
    await expectSlice({ claimedFrom: NOV, claimedBy: rival.id }, (f) => claimedIn(f, "rival", NOV));
    const bySam = await expectSlice({ claimedFrom: NOV, claimedTo: DEC, claimedBy: rep.id }, (f) =>
      claimedIn(f, "rep", NOV, DEC),
    );
    // Claimed by the rep, now the rival's: the claim still counts. A reassignment or release is no claim.
    expect(bySam.map((f) => f.key)).toContain("l3");
    expect(bySam.map((f) => f.key)).not.toContain("l0");
    expect(bySam.map((f) => f.key)).not.toContain("l7");
  });

  it("bringing in revenue now (each lead once, whatever its currencies)", async () => {
    await expectSlice({ revenue: "1" }, (f) => (f.revenue ?? []).length > 0);
    // In one currency: the dashboard's per-currency count opens exactly its leads.
    await expectSlice({ revenueIn: "eur" }, (f) => (f.revenue ?? []).includes("eur"));
    await expectSlice({ revenueIn: "usd" }, (f) => (f.revenue ?? []).includes("usd"));
  });

  it("combines conditions, and with the owner, status and search of the view", async () => {
    await expectSlice(
      { from: NOV, to: DEC, stage: "contacted", contact: "within_1h", open: "1" },
      (f) =>
        inRange(f.created, NOV, DEC) &&
        f.stage >= 1 &&
        f.contactAfter !== null &&
        f.contactAfter <= 60 &&
        !isClosed(f),
    );
    await expectSlice(
      { from: NOV, to: DEC, wonFrom: NOV, wonTo: DEC, revenue: "1" },
      (f) => inRange(f.created, NOV, DEC) && inRange(f.won?.at, NOV, DEC) && (f.revenue ?? []).length > 0,
    );
    await expectSlice(
      { status: "contacted", claimedFrom: NOV, claimedTo: DEC, claimedBy: rep.id },
      (f) =>
        f.status === "contacted" && (f.claims ?? []).some((c) => c.by === "rep" && inRange(c.at, NOV, DEC)),
    );
    // A search under a slice matches the sliced rows themselves (substring, any case).
    await expectSlice(
      { q: `PAT ${tag.toUpperCase()}`, stage: "qualified" },
      (f) => f.name.startsWith("Pat") && f.stage >= 2,
    );
    await expectSlice({ q: "bulk", from: NOV, to: DEC, stage: "contacted" }, (f) => f.key.startsWith("bulk"));
    // A whole email address under a slice: that lead, if it is in the slice.
    await expectSlice({ q: email("l4"), wonBy: rep.id }, (f) => f.key === "l4");
    expect((await list(rep, { owner: "all", q: email("l4"), wonBy: rival.id })).total).toBe(0);
  });

  it("pages through a slice larger than a page with the same total on every page", async () => {
    const slice = { stage: "contacted", contact: "within_1h", from: "2026-11-15T00:00:00.000Z" };
    const want = newestFirst(fixtures.filter((f) => f.key.startsWith("bulk")));
    expect(want.length).toBeGreaterThan(LEADS_PAGE_SIZE);
    const first = await list(rep, { owner: "all", ...slice });
    expect(first.rows).toHaveLength(LEADS_PAGE_SIZE);
    expect(first.hasNext).toBe(true);
    const second = await list(rep, { owner: "all", ...slice, page: 2 });
    expect(second.hasNext).toBe(false);
    expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(ids(want));
    expect(second.total).toBe(want.length);
  });

  it("exports exactly the sliced set through the route", async () => {
    const params = new URLSearchParams({ owner: "all", stage: "qualified", from: NOV, to: DEC });
    const response = await exportRoute(
      new Request(`http://localhost:3000/api/leads/export?${params}`, { headers: rep.headers }),
    );
    expect(response.status).toBe(200);
    const rows = (await response.text()).split("\r\n").slice(1).filter(Boolean);
    const want = newestFirst(fixtures.filter((f) => f.stage >= 2 && inRange(f.created, NOV, DEC)));
    expect(rows.map((line) => line.split(",")[0])).toEqual(ids(want));
  });

  it("ignores bad slice values in the URL: the plain view, no error", async () => {
    const bad = {
      owner: "all",
      from: "yesterday",
      to: "2026-13-45T00:00:00Z",
      stage: "closed_lost",
      open: "yes",
      lossReason: "Because",
      contact: "soon",
      wonFrom: "2026-11-01",
      wonTo: "+275760-09-13T00:00:00.000Z",
      wonBy: "x'; drop table leads; --",
      claimedFrom: "0001-01-01T00:00:00Z",
      claimedBy: "a".repeat(500),
      revenue: "true",
    };
    const plain = await list(rep, { owner: "all" });
    const sliced = await list(rep, bad);
    expect(sliced.rows.map((r) => r.id)).toEqual(plain.rows.map((r) => r.id));
    expect(sliced.total).toBe(fixtures.length);
    expect(sliced.tallies).toEqual(plain.tallies);
    expect(leadViewQuery(sliced.filter)).toBe("owner=all");
    expect(await leadsConsoleOperation.forActor(rep.actor, bad)).toMatchObject({ ok: true });
    const response = await exportRoute(
      new Request(`http://localhost:3000/api/leads/export?${new URLSearchParams(bad)}`, {
        headers: rep.headers,
      }),
    );
    expect(response.status).toBe(200);
    expect((await response.text()).split("\r\n").slice(1).filter(Boolean)).toHaveLength(fixtures.length);
    // One good value among bad ones still applies.
    expect((await list(rep, { ...bad, stage: "closed_won" })).total).toBe(
      fixtures.filter((f) => f.stage >= 4).length,
    );
  });

  it("round-trips the slice through the view's query (owner tabs, pages, the export)", async () => {
    const input = {
      owner: rival.id,
      status: "closed_won",
      q: "pat",
      sort: "oldest",
      from: "2026-10-01T00:00:00.000Z",
      to: DEC,
      stage: "converted",
      wonFrom: "2026-10-01T00:00:00.000Z",
      wonTo: "2026-11-01T00:00:00.000Z",
      wonBy: rival.id,
      revenue: "1",
    };
    const result = await list(rep, input);
    expect(result.rows.map((r) => r.id)).toEqual([byKey("l9").id]);
    const query = leadViewQuery(result.filter, 2);
    const back = listLeadsSchema.parse(Object.fromEntries(new URLSearchParams(query)));
    expect(back).toEqual({ ...result.filter, page: 2 });
    expect(Object.fromEntries(leadSliceParams(back.slice))).toEqual(
      Object.fromEntries(
        Object.entries(input).filter(([k]) => !["owner", "status", "q", "sort"].includes(k)),
      ),
    );
    // The owner tabs keep the slice: another owner's entry is the same slice for that owner.
    const mine = await list(
      rep,
      Object.fromEntries(new URLSearchParams(leadViewQuery({ ...result.filter, owner: "mine" }))),
    );
    expect(mine.filter.slice).toEqual(result.filter.slice);
    expect(mine.total).toBe(0);
    // And the names of the people it names come with the list, for its description.
    expect(result.sliceNames).toEqual({ [rival.id]: "Rita Rival" });
  });
});
