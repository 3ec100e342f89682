import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createCast } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { createLead, leadRow } from "../../../tests/helpers/leads";
import { GET as exportRoute } from "../../app/api/leads/export/route";
import { getDb } from "../../db/client";
import { queryRows } from "../../db/query";
import { withActor } from "../../db/rls";
import type { Database } from "../../db/types";
import {
  addLeadNoteOperation,
  changeLeadStatusOperation,
  claimLeadOperation,
  getLeadOperation,
  reassignLeadOperation,
  releaseLeadOperation,
} from "../../server/operations/leads";
import { listLeads, listLeadsSchema } from "./list-leads";

let db: Database;
let cast: Awaited<ReturnType<typeof createCast>>;
let lead: { id: string; version: number };

beforeAll(async () => {
  db = await getDb();
  cast = await createCast();
  lead = await createLead();
  // A note and events exist, so "sees nothing" means something.
  const claimed = await claimLeadOperation(cast.admin.headers, { leadId: lead.id, version: lead.version });
  if (!claimed.ok) throw new Error(claimed.message);
  const noted = await addLeadNoteOperation(cast.admin.headers, {
    leadId: lead.id,
    version: claimed.lead.version,
    body: "Admin note",
  });
  if (!noted.ok) throw new Error(noted.message);
  const released = await releaseLeadOperation(cast.admin.headers, {
    leadId: lead.id,
    version: noted.lead.version,
  });
  if (!released.ok) throw new Error(released.message);
  lead = { id: lead.id, version: released.lead.version };
});

const tables = ["leads", "lead_submissions", "lead_notes", "lead_events", "lead_counts"] as const;
const visibleRows = (actor: { id: string } | null, table: string) =>
  withActor(db, actor, (tx) =>
    queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.raw(table)}`),
  ).then((r) => Number(r[0]!.n));

describe("row-level security on leads, submissions, notes, events and tallies", () => {
  it("shows a member and a signed-out request nothing", async () => {
    for (const table of tables) {
      expect(await visibleRows(cast.member, table), table).toBe(0);
      expect(await visibleRows(null, table), table).toBe(0);
    }
  });

  it("shows sales reps and admins everything", async () => {
    for (const table of tables) {
      expect(await visibleRows(cast.sales, table), table).toBeGreaterThan(0);
      expect(await visibleRows(cast.admin, table), table).toBeGreaterThan(0);
    }
  });

  it("keeps the search table to the search function, which answers staff only", async () => {
    for (const actor of [cast.member, cast.sales, cast.admin, null]) {
      await expect(
        withActor(db, actor, (tx) => tx.execute(sql`select * from lead_search`)),
      ).rejects.toThrow();
    }
    const found = (actor: { id: string } | null) =>
      withActor(db, actor, (tx) => queryRows(tx, sql`select id from app.search_leads('%prospect%')`));
    expect(await found(cast.member)).toEqual([]);
    expect(await found(null)).toEqual([]);
    expect((await found(cast.sales)).length).toBeGreaterThan(0);
    const paged = (actor: { id: string } | null) =>
      withActor(db, actor, (tx) =>
        queryRows(
          tx,
          sql`select id from app.search_leads_page('%prospect%', false, null, null, 'newest', 10, 0)`,
        ),
      );
    expect(await paged(cast.member)).toEqual([]);
    expect(await paged(null)).toEqual([]);
    expect((await paged(cast.sales)).length).toBeGreaterThan(0);
  });

  it("lets a member or a visitor change nothing, even with SQL of their own", async () => {
    for (const actor of [cast.member, null]) {
      const updated = await withActor(db, actor, (tx) =>
        queryRows(tx, sql`update leads set status = 'qualified' where id = ${lead.id} returning id`),
      );
      expect(updated).toEqual([]);
      await expect(
        withActor(db, actor, (tx) =>
          tx.execute(
            sql`insert into lead_notes (lead_id, author_id, body) values (${lead.id}, ${actor?.id ?? null}, 'x')`,
          ),
        ),
      ).rejects.toThrow();
      await expect(
        withActor(db, actor, (tx) =>
          tx.execute(sql`insert into leads (name, email) values ('Forged', 'f@x.test')`),
        ),
      ).rejects.toThrow();
      await expect(
        withActor(db, actor, (tx) => tx.execute(sql`delete from lead_events where lead_id = ${lead.id}`)),
      ).rejects.toThrow();
    }
    expect(await leadRow(lead.id)).toMatchObject({ status: "new", version: lead.version });
  });

  it("lets a sales rep change an open lead, but not take someone else's lead or forge system entries", async () => {
    const other = await createLead();
    await systemRows(sql`update leads set claimed_by = ${cast.admin.id} where id = ${other.id} returning id`);
    const stolen = await withActor(db, cast.sales, (tx) =>
      queryRows(tx, sql`update leads set claimed_by = ${cast.sales.id} where id = ${other.id} returning id`),
    );
    expect(stolen).toEqual([]);
    await expect(
      withActor(db, cast.sales, (tx) =>
        tx.execute(sql`update leads set claimed_by = ${cast.admin.id} where id = ${lead.id}`),
      ),
    ).rejects.toThrow();
    await expect(
      withActor(db, cast.sales, (tx) =>
        tx.execute(
          sql`insert into lead_events (lead_id, type, actor_id) values (${lead.id}, 'signed_up', ${cast.sales.id})`,
        ),
      ),
    ).rejects.toThrow();
    await expect(
      withActor(db, cast.sales, (tx) =>
        tx.execute(
          sql`insert into lead_events (lead_id, type, actor_id) values (${lead.id}, 'claimed', ${cast.admin.id})`,
        ),
      ),
    ).rejects.toThrow();
    await expect(
      withActor(db, cast.sales, (tx) =>
        tx.execute(sql`update leads set name = 'Renamed' where id = ${lead.id}`),
      ),
    ).rejects.toThrow();
    const claimed = await withActor(db, cast.sales, (tx) =>
      queryRows(
        tx,
        sql`update leads set claimed_by = ${cast.sales.id} where id = ${other.id} or id = ${lead.id} returning id`,
      ),
    );
    expect(claimed).toEqual([{ id: lead.id }]);
    await systemRows(sql`update leads set claimed_by = null where id = ${lead.id} returning id`);
  });
});

describe("authorization of every lead operation, per role", () => {
  const ref = () => ({ leadId: lead.id, version: lead.version });
  const operations = {
    claim: (h: Headers) => claimLeadOperation(h, ref()),
    status: (h: Headers) => changeLeadStatusOperation(h, { ...ref(), status: "contacted" }),
    note: (h: Headers) => addLeadNoteOperation(h, { ...ref(), body: "hello" }),
    release: (h: Headers) => releaseLeadOperation(h, ref()),
    reassign: (h: Headers) => reassignLeadOperation(h, { ...ref(), toUserId: cast.sales.id }),
    detail: (h: Headers) => getLeadOperation(h, { leadId: lead.id }),
  };

  for (const [name, run] of Object.entries(operations)) {
    it(`${name}: a visitor gets unauthenticated, a member forbidden`, async () => {
      expect(await run(new Headers())).toMatchObject({ ok: false, code: "unauthenticated" });
      expect(await run(cast.member.headers)).toMatchObject({ ok: false, code: "forbidden" });
      expect(await leadRow(lead.id)).toMatchObject({ claimed_by: null, version: lead.version });
    });
  }

  it("reassign is for admins only; a sales rep gets forbidden", async () => {
    expect(await operations.reassign(cast.sales.headers)).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("lets a sales rep and an admin read the detail and work the lead", async () => {
    expect(await operations.detail(cast.sales.headers)).toMatchObject({ ok: true, lead: { id: lead.id } });
    expect(await operations.detail(cast.admin.headers)).toMatchObject({ ok: true });
    const claimed = await operations.claim(cast.sales.headers);
    expect(claimed).toMatchObject({ ok: true, lead: { ownerId: cast.sales.id } });
    if (!claimed.ok) throw new Error();
    const moved = await reassignLeadOperation(cast.admin.headers, {
      leadId: lead.id,
      version: claimed.lead.version,
      toUserId: cast.admin.id,
    });
    expect(moved).toMatchObject({ ok: true, lead: { ownerId: cast.admin.id } });
    if (!moved.ok) throw new Error();
    const released = await releaseLeadOperation(cast.admin.headers, {
      leadId: lead.id,
      version: moved.lead.version,
    });
    if (!released.ok) throw new Error();
    lead = { id: lead.id, version: released.lead.version };
  });

  it("lists leads only for sales reps and admins", async () => {
    expect(await listLeads(db, cast.member.actor, listLeadsSchema.parse({}))).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await listLeads(db, cast.sales.actor, listLeadsSchema.parse({}))).toMatchObject({ ok: true });
  });

  it("GET /api/leads/export answers 401 signed out, 403 for a member, CSV for sales and admins", async () => {
    const get = (headers: Headers) =>
      exportRoute(new Request("http://localhost:3000/api/leads/export", { headers }));
    const visitor = await get(new Headers());
    expect(visitor.status).toBe(401);
    expect((await visitor.json()).error.code).toBe("unauthenticated");
    const member = await get(cast.member.headers);
    expect(member.status).toBe(403);
    expect((await member.json()).error.code).toBe("forbidden");
    for (const user of [cast.sales, cast.admin]) {
      const ok = await get(user.headers);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-type")).toMatch(/text\/csv/);
      expect(ok.headers.get("content-disposition")).toMatch(/attachment; filename=/);
      expect(await ok.text()).toMatch(/^id,created_at,status,owner,name,email/);
    }
  });
});
