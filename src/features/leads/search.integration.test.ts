import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { createLead } from "../../../tests/helpers/leads";
import { getDb } from "../../db/client";
import type { Database } from "../../db/types";
import { exportLeadsCsv } from "./export-leads-csv";
import { leadFilterSchema } from "./lead-view";
import { type ListLeadsInput, listLeads, listLeadsSchema } from "./list-leads";
import { LEADS_PAGE_SIZE } from "./options";

let db: Database;
let rep: TestUser;
let rival: TestUser;
const tag = crypto.randomBytes(4).toString("hex");
const few = `few${tag}`; // 7 leads: 2 Rep's (qualified), 1 Rival's, 4 open
const many = `many${tag}`; // LEADS_PAGE_SIZE + 2 leads, open
let fewIds: string[] = [];

const setOwner = (ids: string[], owner: string, status: string) =>
  systemRows(sql`update leads set claimed_by = ${owner}, status = ${status}
    where id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )}) returning id`);

beforeAll(async () => {
  db = await getDb();
  [rep, rival] = await Promise.all([
    createTestUser({ isSales: true, name: "Search Rep" }),
    createTestUser({ isSales: true, name: "Search Rival" }),
  ]);
  for (let i = 0; i < 7; i++) fewIds.push((await createLead({ name: `Pat ${few} ${i}` })).id);
  await setOwner(fewIds.slice(0, 2), rep.id, "qualified");
  await setOwner(fewIds.slice(2, 3), rival.id, "contacted");
  for (let i = 0; i < LEADS_PAGE_SIZE + 2; i++) await createLead({ company: `Many ${many} ${i}` });
  fewIds = [...fewIds].reverse(); // newest first
});

async function list(actor: TestUser, input: ListLeadsInput, searchCap?: number) {
  const result = await listLeads(
    db,
    actor.actor,
    listLeadsSchema.parse(input),
    searchCap === undefined ? {} : { searchCap },
  );
  if (!result.ok) throw new Error(result.message);
  return result;
}

/** Every row of a view, page by page, following hasNext. */
async function allRows(actor: TestUser, input: ListLeadsInput, searchCap?: number) {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const result = await list(actor, { ...input, page }, searchCap);
    ids.push(...result.rows.map((r) => r.id));
    if (!result.hasNext) return ids;
  }
}

describe("search tallies", () => {
  it("counts every match exactly, per owner, while the matches stay under the cap", async () => {
    const result = await list(rep, { owner: "all", q: few.toUpperCase() });
    expect(result.tallies).toMatchObject({ open: 4, mine: 2, all: 7, capped: false });
    expect(result.tallies.owners.find((o) => o.id === rival.id)?.count).toBe(1);
    expect(result.tallies.owners.find((o) => o.id === rep.id)?.count).toBe(2);
    expect(result).toMatchObject({ total: 7, totalCapped: false, hasNext: false });
    expect(result.rows.map((r) => r.id)).toEqual(fewIds);
  });

  it("counts under the status filter too", async () => {
    const result = await list(rep, { owner: "all", q: few, status: "qualified" });
    expect(result.tallies).toMatchObject({ open: 0, mine: 2, all: 2, capped: false });
    expect(result.tallies.owners.find((o) => o.id === rival.id)?.count).toBe(0);
    expect(result.rows.map((r) => r.id).sort()).toEqual(fewIds.slice(-2).sort());
  });

  it("stops counting at the cap: All says cap+, the owners are not counted, the rows are unchanged", async () => {
    const exact = await list(rep, { owner: "all", q: few });
    const capped = await list(rep, { owner: "all", q: few }, 3);
    expect(capped.tallies).toMatchObject({ open: null, mine: null, all: 3, capped: true });
    expect(capped.tallies.owners.length).toBeGreaterThan(0);
    for (const owner of capped.tallies.owners) expect(owner.count).toBeNull();
    expect(capped).toMatchObject({ total: 3, totalCapped: true, hasNext: false });
    expect(capped.rows.map((r) => r.id)).toEqual(exact.rows.map((r) => r.id));
    for (const owner of ["open", "mine", rival.id]) {
      const view = await list(rep, { owner, q: few }, 3);
      const truth = await list(rep, { owner, q: few });
      expect(
        view.rows.map((r) => r.id),
        owner,
      ).toEqual(truth.rows.map((r) => r.id));
    }
  });

  it("pages through a capped search the same as through an exact one", async () => {
    const first = await list(rep, { owner: "all", q: many }, 5);
    expect(first.rows).toHaveLength(LEADS_PAGE_SIZE);
    expect(first).toMatchObject({ totalCapped: true, hasNext: true });
    const exact = await allRows(rep, { owner: "all", q: many });
    expect(exact).toHaveLength(LEADS_PAGE_SIZE + 2);
    expect(await allRows(rep, { owner: "all", q: many }, 5)).toEqual(exact);
    expect(await allRows(rep, { owner: "open", q: many, sort: "oldest" }, 5)).toEqual([...exact].reverse());
    // A cap above the matches serves both pages from the one read.
    expect(await allRows(rep, { owner: "all", q: many }, 100)).toEqual(exact);
    const last = await list(rep, { owner: "all", q: many, page: 2 });
    expect(last).toMatchObject({ total: LEADS_PAGE_SIZE + 2, totalCapped: false, hasNext: false });
  });
});

describe("searching for a whole email address", () => {
  it("finds the lead with that address (any case), counts it, and exports the same view", async () => {
    const email = `erin-${tag}@prospect.test`;
    const lead = await createLead({ email });
    await createLead({ email: `xerin-${tag}@prospect.test` });
    const result = await list(rep, { owner: "all", q: ` Erin-${tag}@Prospect.TEST ` });
    expect(result.rows.map((r) => r.id)).toEqual([lead.id]);
    expect(result.tallies).toMatchObject({ open: 1, all: 1, capped: false });
    expect(result.total).toBe(1);
    const exported = await exportLeadsCsv(
      db,
      rep.actor,
      leadFilterSchema.parse({ owner: "all", q: email.toUpperCase() }),
    );
    if (!exported.ok) throw new Error(exported.message);
    const text = await new Response(exported.stream).text();
    expect(text).toContain(lead.id);
    expect(text.trim().split("\r\n")).toHaveLength(2);
    // Part of an address is still a substring search.
    const partial = await list(rep, { owner: "all", q: `erin-${tag}@` });
    expect(partial.tallies.all).toBe(2);
  });
});

describe("searching for part of an address (an '@' in the search)", () => {
  // Answered from the indexes on the text before and after the '@' (migration 0007); the results must be
  // exactly those of a plain substring search, including texts with no '@' or with several.
  const t = crypto.randomBytes(4).toString("hex");
  const leads: Record<string, string> = {};
  const ids = async (q: string) => (await allRows(rep, { owner: "all", q })).sort();
  const expected = (...names: string[]) => names.map((n) => leads[n]!).sort();

  beforeAll(async () => {
    leads.jo = (await createLead({ name: "Jo Smith", email: `jo.smith+${t}@acme-${t}.example` })).id;
    leads.xjo = (await createLead({ name: "Xavier Jo", email: `xjo.smith+${t}@acme-${t}.example` })).id;
    leads.other = (await createLead({ name: "Jo Smith", email: `jo.smith+${t}@other-${t}.example` })).id;
    leads.twoAts = (await createLead({ name: "Ann", email: `ann${t}@home.example` })).id;
    leads.nameAt = (await createLead({ name: "Named", email: "", phone: "+1 555 0100" })).id;
    // Names with an '@' in them, set directly: the search text then has two '@', or one outside an email.
    await systemRows(
      sql`update leads set name = ${`Ann @ Home ${t}`} where id = ${leads.twoAts} returning id`,
    );
    await systemRows(sql`update leads set name = ${`At@Name${t}`} where id = ${leads.nameAt} returning id`);
  });

  it("finds every lead whose name, email, company or phone contains it, as a plain search would", async () => {
    expect(await ids(`jo.smith+${t}@`)).toEqual(expected("jo", "xjo", "other"));
    expect(await ids(`smith+${t}@acme-${t}.`)).toEqual(expected("jo", "xjo"));
    expect(await ids(`@acme-${t}`)).toEqual(expected("jo", "xjo"));
    expect(await ids(`JO.SMITH+${t}@OTHER`)).toEqual(expected("other"));
    expect(await ids(`home ${t} ann${t}@ho`)).toEqual(expected("twoAts"));
    expect(await ids(`@ home ${t}`)).toEqual(expected("twoAts"));
    expect(await ids(`at@name${t}`)).toEqual(expected("nameAt"));
    expect(await ids(`@name${t}`)).toEqual(expected("nameAt"));
  });

  it("takes % and _ in it literally", async () => {
    expect(await ids(`smith+${t}@acme_${t}`)).toEqual([]);
    expect(await ids(`smith%${t}@acme-${t}`)).toEqual([]);
    expect(await ids(`%${t}@acme-`)).toEqual([]);
  });

  it("keeps the owner and status filters", async () => {
    await setOwner([leads.xjo!], rival.id, "contacted");
    const view = await list(rep, { owner: rival.id, status: "contacted", q: `jo.smith+${t}@acme` });
    expect(view.rows.map((r) => r.id)).toEqual([leads.xjo]);
    expect(view.tallies).toMatchObject({ open: 0, all: 1, capped: false });
  });
});
