import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { countedTallies, createLead, eventTypes, leadRow } from "../../../tests/helpers/leads";
import { getDb } from "../../db/client";
import type { Database } from "../../db/types";
import { addLeadNoteOperation, changeLeadStatusOperation } from "../../server/operations/leads";
import { addLeadNote } from "./add-lead-note";
import { changeLeadStatus } from "./change-lead-status";
import { claimLead } from "./claim-lead";
import { getLead } from "./get-lead";
import { listLeads, listLeadsSchema } from "./list-leads";
import { reassignLead } from "./reassign-lead";
import { releaseLead } from "./release-lead";

let db: Database;
let sam: TestUser;
let rita: TestUser;
let admin: TestUser;

beforeAll(async () => {
  db = await getDb();
  [sam, rita, admin] = await Promise.all([
    createTestUser({ isSales: true, name: "Sam Seller" }),
    createTestUser({ isSales: true, name: "Rita Reyes" }),
    createTestUser({ role: "admin", name: "Ada Admin" }),
  ]);
});

/** What the console shows a person, checked against counts over the leads themselves. */
async function expectTalliesCorrect(user: TestUser) {
  const list = await listLeads(db, user.actor, listLeadsSchema.parse({ owner: "all" }));
  if (!list.ok) throw new Error(list.message);
  const truth = await countedTallies(user.id);
  expect(list.tallies).toMatchObject({ open: truth.open, mine: truth.mine, all: truth.all });
  for (const owner of list.tallies.owners) expect(owner.count).toBe(truth.by.get(owner.id) ?? 0);
  for (const [id, n] of truth.by) if (id) expect(list.tallies.owners.find((o) => o.id === id)?.count).toBe(n);
  return list.tallies;
}

describe("claiming by status change and by the Claim button", () => {
  it("claims an open lead for the rep who changes its status, and records claim and change", async () => {
    const lead = await createLead();
    const result = await changeLeadStatus(db, sam.actor, {
      leadId: lead.id,
      version: lead.version,
      status: "contacted",
    });
    expect(result).toMatchObject({
      ok: true,
      lead: { status: "contacted", ownerId: sam.id, ownerName: "Sam Seller" },
    });
    expect(await leadRow(lead.id)).toMatchObject({ status: "contacted", claimed_by: sam.id });
    expect(await eventTypes(lead.id)).toEqual(["submitted", "claimed", "status_changed"]);
    const [change] = await systemRows<Record<string, unknown>>(
      sql`select actor_id, from_status, to_status from lead_events where lead_id = ${lead.id} and type = 'status_changed'`,
    );
    expect(change).toEqual({ actor_id: sam.id, from_status: "new", to_status: "contacted" });
    const tallies = await expectTalliesCorrect(sam);
    expect(tallies.owners.find((o) => o.id === sam.id)?.name).toBe("Sam Seller");
  });

  it("moves the lead from Open to Mine and to the owner's entry in the list", async () => {
    const lead = await createLead({ name: "Moving Lead" });
    const before = await listLeads(db, sam.actor, listLeadsSchema.parse({}));
    if (!before.ok) throw new Error();
    expect(before.rows.map((r) => r.id)).toContain(lead.id);
    await claimLead(db, sam.actor, { leadId: lead.id, version: lead.version });
    const open = await listLeads(db, sam.actor, listLeadsSchema.parse({}));
    const mine = await listLeads(db, sam.actor, listLeadsSchema.parse({ owner: "mine" }));
    const bySam = await listLeads(db, rita.actor, listLeadsSchema.parse({ owner: sam.id }));
    if (!open.ok || !mine.ok || !bySam.ok) throw new Error();
    expect(open.rows.map((r) => r.id)).not.toContain(lead.id);
    expect(mine.rows.map((r) => r.id)).toContain(lead.id);
    expect(bySam.rows.find((r) => r.id === lead.id)?.ownerName).toBe("Sam Seller");
    expect(open.tallies.open).toBe(Number(before.tallies.open) - 1);
    expect(mine.tallies.mine).toBe(Number(before.tallies.mine) + 1);
    await expectTalliesCorrect(sam);
  });

  it("answers 409 with the owner's name when a rep changes someone else's lead", async () => {
    const lead = await createLead();
    const claimed = await claimLead(db, sam.actor, { leadId: lead.id, version: lead.version });
    if (!claimed.ok) throw new Error(claimed.message);
    const version = claimed.lead.version;
    for (const attempt of [
      changeLeadStatus(db, rita.actor, { leadId: lead.id, version, status: "qualified" }),
      claimLead(db, rita.actor, { leadId: lead.id, version }),
      releaseLead(db, rita.actor, { leadId: lead.id, version }),
      addLeadNote(db, rita.actor, { leadId: lead.id, version, body: "Mine now?" }),
    ]) {
      const result = await attempt;
      expect(result).toMatchObject({
        ok: false,
        code: "conflict",
        message: expect.stringContaining("Sam Seller"),
      });
    }
    expect(await leadRow(lead.id)).toMatchObject({ claimed_by: sam.id, status: "new", version });
  });

  it("lets the owner release the lead back to Open", async () => {
    const lead = await createLead();
    const claimed = await claimLead(db, sam.actor, { leadId: lead.id, version: lead.version });
    if (!claimed.ok) throw new Error();
    const released = await releaseLead(db, sam.actor, { leadId: lead.id, version: claimed.lead.version });
    expect(released).toMatchObject({ ok: true, lead: { ownerId: null } });
    expect(await eventTypes(lead.id)).toEqual(["submitted", "claimed", "released"]);
    await expectTalliesCorrect(sam);
    expect(
      await releaseLead(db, sam.actor, { leadId: lead.id, version: claimed.lead.version + 1 }),
    ).toMatchObject({
      ok: false,
      code: "conflict",
    });
  });

  it("lets an admin reassign to any sales rep or admin, change, and release anyone's lead", async () => {
    const lead = await createLead();
    const claimed = await claimLead(db, sam.actor, { leadId: lead.id, version: lead.version });
    if (!claimed.ok) throw new Error();
    const moved = await reassignLead(db, admin.actor, {
      leadId: lead.id,
      version: claimed.lead.version,
      toUserId: rita.id,
    });
    expect(moved).toMatchObject({ ok: true, lead: { ownerId: rita.id, ownerName: "Rita Reyes" } });
    if (!moved.ok) throw new Error();
    const [event] = await systemRows<Record<string, unknown>>(
      sql`select actor_id, from_user_id, to_user_id from lead_events where lead_id = ${lead.id} and type = 'reassigned'`,
    );
    expect(event).toEqual({ actor_id: admin.id, from_user_id: sam.id, to_user_id: rita.id });
    const audit = await systemRows(
      sql`select 1 from audit_log where action = 'lead.reassigned' and subject_id = ${lead.id}`,
    );
    expect(audit).toHaveLength(1);
    await expectTalliesCorrect(admin);

    const changed = await changeLeadStatus(db, admin.actor, {
      leadId: lead.id,
      version: moved.lead.version,
      status: "qualified",
    });
    expect(changed).toMatchObject({ ok: true, lead: { ownerId: rita.id, status: "qualified" } });
    if (!changed.ok) throw new Error();
    const toAdmin = await reassignLead(db, admin.actor, {
      leadId: lead.id,
      version: changed.lead.version,
      toUserId: admin.id,
    });
    expect(toAdmin).toMatchObject({ ok: true, lead: { ownerId: admin.id } });
    if (!toAdmin.ok) throw new Error();
    const released = await releaseLead(db, admin.actor, { leadId: lead.id, version: toAdmin.lead.version });
    expect(released).toMatchObject({ ok: true, lead: { ownerId: null } });
    await expectTalliesCorrect(rita);
  });

  it("refuses to reassign to a member, and refuses reassigning to anyone but an admin", async () => {
    const member = await createTestUser();
    const lead = await createLead();
    expect(
      await reassignLead(db, admin.actor, { leadId: lead.id, version: lead.version, toUserId: member.id }),
    ).toMatchObject({
      ok: false,
      code: "invalid",
    });
    expect(
      await reassignLead(db, sam.actor, { leadId: lead.id, version: lead.version, toUserId: sam.id }),
    ).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await leadRow(lead.id)).toMatchObject({ claimed_by: null });
  });
});

describe("the Open view", () => {
  it("holds unclaimed leads that are not closed; a closed lead nobody claimed is under All", async () => {
    const tag = `open-rule-${Date.now()}`;
    const waiting = await createLead({ name: `Wanda ${tag}` });
    const closed = await createLead({ name: `Carl ${tag}` });
    await systemRows(sql`update leads set status = 'closed_won' where id = ${closed.id} returning id`);
    const before = await listLeads(db, sam.actor, listLeadsSchema.parse({}));
    if (!before.ok) throw new Error(before.message);
    const ids = (q: Record<string, unknown>) =>
      listLeads(db, sam.actor, listLeadsSchema.parse(q)).then((r) => (r.ok ? r.rows.map((x) => x.id) : []));
    for (const search of [{}, { q: tag }]) {
      expect(await ids({ ...search })).toContain(waiting.id);
      expect(await ids({ ...search })).not.toContain(closed.id);
      expect(await ids({ ...search, owner: "all" })).toEqual(expect.arrayContaining([waiting.id, closed.id]));
    }
    const searched = await listLeads(db, sam.actor, listLeadsSchema.parse({ q: tag }));
    expect(searched).toMatchObject({ ok: true, tallies: { open: 1, all: 2 } });
    // The tallies without a search agree with a count from the leads themselves.
    const [{ n } = { n: 0 }] = await systemRows<{ n: number }>(
      sql`select count(*)::int as n from leads where claimed_by is null and status not in ('closed_won', 'closed_lost')`,
    );
    expect(before).toMatchObject({ ok: true, tallies: { open: n } });
  });
});

describe("versions, notes and loss reasons", () => {
  it("refuses a status change or note based on a stale version with 409, never overwriting", async () => {
    const lead = await createLead();
    const first = await changeLeadStatus(db, sam.actor, {
      leadId: lead.id,
      version: lead.version,
      status: "contacted",
    });
    if (!first.ok) throw new Error();
    const stale = await changeLeadStatus(db, sam.actor, {
      leadId: lead.id,
      version: lead.version,
      status: "qualified",
    });
    expect(stale).toMatchObject({
      ok: false,
      code: "conflict",
      message: expect.stringMatching(/changed this lead/),
    });
    const staleNote = await addLeadNote(db, sam.actor, {
      leadId: lead.id,
      version: lead.version,
      body: "old view",
    });
    expect(staleNote).toMatchObject({ ok: false, code: "conflict" });
    expect(await leadRow(lead.id)).toMatchObject({ status: "contacted", version: first.lead.version });
    const notes = await systemRows(sql`select 1 from lead_notes where lead_id = ${lead.id}`);
    expect(notes).toHaveLength(0);
  });

  it("answers 404 for a lead that does not exist", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(await claimLead(db, sam.actor, { leadId: missing, version: 1 })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await getLead(db, sam.actor, { leadId: missing })).toMatchObject({ ok: false, code: "not_found" });
  });

  it("adds notes with author and time, newest first, bumping the version", async () => {
    const lead = await createLead();
    const one = await addLeadNote(db, sam.actor, {
      leadId: lead.id,
      version: lead.version,
      body: "Called, no answer.",
    });
    if (!one.ok) throw new Error(one.message);
    const two = await addLeadNote(db, sam.actor, {
      leadId: lead.id,
      version: one.lead.version,
      body: "Booked a demo.",
    });
    if (!two.ok) throw new Error(two.message);
    expect(two.lead.version).toBe(lead.version + 2);
    const detail = await getLead(db, rita.actor, { leadId: lead.id });
    if (!detail.ok) throw new Error();
    expect(detail.lead.notes.map((n) => [n.body, n.authorName])).toEqual([
      ["Booked a demo.", "Sam Seller"],
      ["Called, no answer.", "Sam Seller"],
    ]);
    expect(detail.lead.notes[0]!.createdAt).toBeInstanceOf(Date);
    expect(detail.lead.events.map((e) => e.type)).toEqual(["note_added", "note_added", "submitted"]);
    expect(detail.lead.submissions).toHaveLength(1);
    expect(detail.lead.submissions[0]).toMatchObject({
      company: "Prospect Ltd",
      interests: ["Sales console"],
    });
    expect(
      await addLeadNoteOperation(sam.headers, { leadId: lead.id, version: two.lead.version, body: "   " }),
    ).toMatchObject({
      ok: false,
      code: "invalid",
      fields: { body: expect.any(String) },
    });
  });

  it("asks for a loss reason for closed_lost and keeps it in the timeline", async () => {
    const lead = await createLead();
    expect(
      await changeLeadStatusOperation(sam.headers, {
        leadId: lead.id,
        version: lead.version,
        status: "closed_lost",
      }),
    ).toMatchObject({ ok: false, code: "invalid", fields: { lossReason: expect.any(String) } });
    const lost = await changeLeadStatus(db, sam.actor, {
      leadId: lead.id,
      version: lead.version,
      status: "closed_lost",
      lossReason: "Chose a competitor",
      lossNote: "Went with the incumbent.",
    });
    expect(lost).toMatchObject({ ok: true, lead: { status: "closed_lost" } });
    const [event] = await systemRows<{ details: Record<string, unknown> }>(
      sql`select details from lead_events where lead_id = ${lead.id} and type = 'status_changed'`,
    );
    expect(event!.details).toEqual({
      lossReason: "Chose a competitor",
      lossNote: "Went with the incumbent.",
    });
  });
});

describe("race: twenty reps claim one open lead at the same moment", () => {
  it("makes exactly one the owner; the other nineteen get 409 and one claim event is written", async () => {
    const reps = await Promise.all(
      Array.from({ length: 20 }, (_, i) => createTestUser({ isSales: true, name: `Racer ${i}` })),
    );
    const lead = await createLead();
    const results = await Promise.all(
      reps.map((rep, i) =>
        i % 2 === 0
          ? claimLead(db, rep.actor, { leadId: lead.id, version: lead.version })
          : changeLeadStatus(db, rep.actor, { leadId: lead.id, version: lead.version, status: "contacted" }),
      ),
    );
    const winners = results.filter((r) => r.ok);
    const conflicts = results.filter((r) => !r.ok && r.code === "conflict");
    expect(winners).toHaveLength(1);
    expect(conflicts).toHaveLength(19);
    const row = await leadRow(lead.id);
    const owner = reps.find((r) => r.id === row.claimed_by);
    expect(owner).toBeDefined();
    for (const c of conflicts) if (!c.ok) expect(c.message).toMatch(new RegExp(owner!.name));
    expect((await eventTypes(lead.id)).filter((t) => t === "claimed")).toHaveLength(1);
    await expectTalliesCorrect(owner!);
  });
});

describe("the names the lead table shows for owners", () => {
  it("names an owner as the viewer may see them: staff by name, a former rep only to admins, nobody unknown", async () => {
    const [newcomer, former] = await Promise.all([
      createTestUser({ isSales: true, name: "Nia Newhire" }),
      createTestUser({ isSales: true, name: "Flo Former" }),
    ]);
    const lead = await createLead({ name: "Left Behind" });
    await claimLead(db, former.actor, { leadId: lead.id, version: lead.version });
    await systemRows(sql`update profiles set is_sales = false where id = ${former.id} returning id`);

    // A rep filtering by a colleague who owns nothing yet sees that colleague, by name, at 0.
    const byNewcomer = await listLeads(db, rita.actor, listLeadsSchema.parse({ owner: newcomer.id }));
    if (!byNewcomer.ok) throw new Error(byNewcomer.message);
    expect(byNewcomer.tallies.owners.find((o) => o.id === newcomer.id)).toEqual({
      id: newcomer.id,
      name: "Nia Newhire",
      count: 0,
    });
    expect(byNewcomer.rows).toEqual([]);

    // Someone who is no longer on the sales team keeps their leads, but only an admin still sees the name.
    const asRep = await listLeads(db, rita.actor, listLeadsSchema.parse({ owner: former.id }));
    const asAdmin = await listLeads(db, admin.actor, listLeadsSchema.parse({ owner: former.id }));
    if (!asRep.ok || !asAdmin.ok) throw new Error();
    expect(asRep.rows.map((r) => [r.id, r.ownerName])).toEqual([[lead.id, "Former team member"]]);
    expect(asRep.tallies.owners.find((o) => o.id === former.id)?.name).toBe("Former team member");
    expect(asAdmin.rows.map((r) => [r.id, r.ownerName])).toEqual([[lead.id, "Flo Former"]]);
    expect(asAdmin.tallies.owners.find((o) => o.id === former.id)).toMatchObject({
      name: "Flo Former",
      count: 1,
    });

    // An owner id that names nobody is not offered as an entry.
    const byNobody = await listLeads(db, rita.actor, listLeadsSchema.parse({ owner: "nobody-at-all" }));
    if (!byNobody.ok) throw new Error();
    expect(byNobody.tallies.owners.map((o) => o.id)).not.toContain("nobody-at-all");
  });
});
