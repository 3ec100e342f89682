// The Admin Console's list of every team (SPEC §8): owner, members, seats used and paid, status and the
// Stripe customer; searchable and paged; for app admins only.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createCast, createTestUser, type TestUser, uniqueEmail } from "../../../tests/helpers/accounts";
import { addMembers, createTestTeam, expireInvitation } from "../../../tests/helpers/teams";
import { getDb } from "../../db/client";
import { asSystem } from "../../db/rls";
import type { Database } from "../../db/types";
import { listAllTeamsOperation } from "../../server/operations/teams";
import { inviteMember } from "./invite-member";
import { listAllTeams, listAllTeamsSchema } from "./list-all-teams";

let db: Database;
let cast: Awaited<ReturnType<typeof createCast>>;
let owner: TestUser;
let tag: string;

beforeAll(async () => {
  db = await getDb();
  cast = await createCast();
  tag = `t${Date.now().toString(36)}`;
  owner = await createTestUser({ name: `Olga ${tag}` });
});

const list = (q?: string, page?: number) =>
  listAllTeams(db, cast.admin.actor, listAllTeamsSchema.parse({ q, page }));

describe("listing every team", () => {
  it("shows the owner, members, seats used (pending invitations too, expired ones not) and paid, and billing", async () => {
    const team = await createTestTeam(owner, { name: `Acme ${tag}`, seatsPaid: 5 });
    await addMembers(team.id, [await createTestUser()]);
    const sent = await inviteMember(db, owner.actor, {
      teamId: team.id,
      email: uniqueEmail("a"),
      role: "member",
    });
    const lapsed = await inviteMember(db, owner.actor, {
      teamId: team.id,
      email: uniqueEmail("b"),
      role: "member",
    });
    expect(sent.ok && lapsed.ok).toBe(true);
    if (lapsed.ok) await expireInvitation(lapsed.invitation.id);
    await asSystem(db, "test: stripe customer", (tx) =>
      tx.execute(sql`update teams set stripe_customer_id = ${`cus_${tag}`} where id = ${team.id}`),
    );

    const found = await list(`Acme ${tag}`);
    expect(found).toMatchObject({ ok: true, total: 1, page: 1 });
    if (!found.ok) return;
    expect(found.rows).toEqual([
      expect.objectContaining({
        id: team.id,
        name: `Acme ${tag}`,
        owner: { id: owner.id, name: owner.name, email: owner.email },
        members: 2,
        pending: 1,
        seatsUsed: 3,
        seatsPaid: 5,
        billingStatus: "active",
        stripeCustomerId: `cus_${tag}`,
        stripeSubscriptionId: null,
      }),
    ]);
  });

  it("finds teams by the owner's name or email and by the Stripe customer id, and treats % and _ as text", async () => {
    const someone = await createTestUser({ name: `Zed ${tag}` });
    const team = await createTestTeam(someone, { name: `Zed's Crew ${tag}` });
    for (const q of [someone.email, `Zed ${tag}`, `zed's crew ${tag}`]) {
      const found = await list(q);
      expect(found.ok && found.rows.map((r) => r.id)).toEqual([team.id]);
    }
    expect(await list(`cus_${tag}`)).toMatchObject({ ok: true, total: 1, rows: [{ name: `Acme ${tag}` }] });
    expect(await list(`${tag}%`)).toMatchObject({ ok: true, total: 0, rows: [] });
    expect(await list(`_ed ${tag}`)).toMatchObject({ ok: true, total: 0, rows: [] });
  });

  it("pages by name, twenty at a time, with the total", async () => {
    const pager = await createTestUser({ name: `Pager ${tag}` });
    for (let i = 0; i < 22; i++) {
      await createTestTeam(pager, { name: `Page ${tag} ${String(i).padStart(2, "0")}`, seatsPaid: 0 });
    }
    const first = await list(`Page ${tag}`);
    const second = await list(`Page ${tag}`, 2);
    expect(first).toMatchObject({ ok: true, total: 22, pageSize: 20 });
    expect(second).toMatchObject({ ok: true, total: 22, page: 2 });
    if (!first.ok || !second.ok) return;
    expect(first.rows).toHaveLength(20);
    expect(first.rows[0]!.name).toBe(`Page ${tag} 00`);
    expect(second.rows.map((r) => r.name)).toEqual([`Page ${tag} 20`, `Page ${tag} 21`]);
    expect(second.rows[0]).toMatchObject({ members: 1, seatsUsed: 1, seatsPaid: 0 });
  });

  it("is for app admins only, even for a team's own owner", async () => {
    expect(await listAllTeamsOperation(cast.visitor, {})).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
    for (const who of [cast.member, cast.sales, owner]) {
      expect(await listAllTeamsOperation(who.headers, {})).toMatchObject({ ok: false, code: "forbidden" });
      expect(await listAllTeams(db, who.actor, listAllTeamsSchema.parse({}))).toMatchObject({
        ok: false,
        code: "forbidden",
      });
    }
    expect(await listAllTeamsOperation(cast.admin.headers, { q: tag })).toMatchObject({ ok: true });
  });
});
