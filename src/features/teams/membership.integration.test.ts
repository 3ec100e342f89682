// A team's life (SPEC §5): creating, reading, roles, removing and leaving, handing over and deleting, each
// with its audit entry.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { addMembers, createTestTeam, membersOf } from "../../../tests/helpers/teams";
import { getDb } from "../../db/client";
import type { Database } from "../../db/types";
import {
  changeMemberRoleOperation,
  createTeamOperation,
  getTeamOperation,
  listMyTeamsOperation,
} from "../../server/operations/teams";
import { changeMemberRole } from "./change-member-role";
import { deleteTeam } from "./delete-team";
import { getTeam } from "./get-team";
import { inviteMember } from "./invite-member";
import { leaveTeam } from "./leave-team";
import { listMyTeams } from "./list-my-teams";
import { removeMember } from "./remove-member";
import { transferOwnership } from "./transfer-ownership";

let db: Database;
let owner: TestUser;
let admin: TestUser;
let member: TestUser;
let outsider: TestUser;
let appAdmin: TestUser;

beforeAll(async () => {
  db = await getDb();
  [owner, admin, member, outsider, appAdmin] = await Promise.all([
    createTestUser({ name: "Olga Owner" }),
    createTestUser({ name: "Adam Admin" }),
    createTestUser({ name: "Mia Member" }),
    createTestUser({ name: "Otto Outsider" }),
    createTestUser({ name: "Ada AppAdmin", role: "admin" }),
  ]);
});

/** A team of the owner, an admin and a member, in that join order. */
async function threeOfUs(name = "Three of Us") {
  const team = await createTestTeam(owner, { name, seatsPaid: 5 });
  await addMembers(team.id, [admin], "admin");
  await addMembers(team.id, [member]);
  return team;
}

const audit = (subjectId: string) =>
  systemRows<{ action: string; actor_id: string | null; details: Record<string, unknown> }>(
    sql`select action, actor_id, details from audit_log where subject_id = ${subjectId} order by created_at, id`,
  );

describe("creating and reading teams", () => {
  it("the creator becomes the owner of a team with no paid seats yet", async () => {
    const created = await createTeamOperation(outsider.headers, { name: "  Otto's Crew  " });
    expect(created).toMatchObject({ ok: true, team: { name: "Otto's Crew" } });
    if (!created.ok) return;
    expect(await membersOf(created.team.id)).toEqual([{ user_id: outsider.id, role: "owner" }]);
    expect(await audit(created.team.id)).toEqual([
      { action: "team.created", actor_id: outsider.id, details: { team: "Otto's Crew" } },
    ]);
    const read = await getTeam(db, outsider.actor, { teamId: created.team.id });
    expect(read).toMatchObject({
      ok: true,
      team: {
        myRole: "owner",
        seats: { members: 1, pending: 0, used: 1, paid: 0, free: 0 },
        billing: { status: "none", givesAccess: false, hasSubscription: false },
        invitations: [],
      },
    });
  });

  it("refuses a name that is empty, too long or has control characters", async () => {
    for (const name of ["", "   ", "x".repeat(101), "Bad\u0000Name"]) {
      expect(await createTeamOperation(outsider.headers, { name })).toMatchObject({
        ok: false,
        code: "invalid",
        fields: { name: expect.any(String) },
      });
    }
  });

  it("a person may be in several teams; each lists them with their role", async () => {
    const first = await threeOfUs("Alpha");
    const second = await createTestTeam(admin, { name: "Beta", seatsPaid: 2 });
    const listed = await listMyTeamsOperation(admin.headers, {});
    if (!listed.ok) throw new Error(listed.message);
    expect(listed.teams.filter((t) => t.id === first.id || t.id === second.id)).toEqual([
      expect.objectContaining({ id: first.id, name: "Alpha", role: "admin", members: 3, seatsPaid: 5 }),
      expect.objectContaining({ id: second.id, name: "Beta", role: "owner", members: 1, seatsPaid: 2 }),
    ]);
    const outsiders = await listMyTeams(db, member.actor);
    expect(outsiders.ok && outsiders.teams.map((t) => t.id)).not.toContain(second.id);
  });

  it("shows members with names, roles and join dates in seat order; invitations only to owners and admins", async () => {
    const team = await threeOfUs();
    const sent = await inviteMember(db, admin.actor, {
      teamId: team.id,
      email: "new@example.test",
      role: "member",
    });
    if (!sent.ok) throw new Error(sent.message);
    const asOwner = await getTeamOperation(owner.headers, { teamId: team.id });
    if (!asOwner.ok) throw new Error(asOwner.message);
    expect(asOwner.team.members).toEqual([
      {
        userId: owner.id,
        name: "Olga Owner",
        email: owner.email,
        role: "owner",
        joinedAt: expect.any(Date),
        seat: 1,
        holdsSeat: true,
      },
      {
        userId: admin.id,
        name: "Adam Admin",
        email: admin.email,
        role: "admin",
        joinedAt: expect.any(Date),
        seat: 2,
        holdsSeat: true,
      },
      {
        userId: member.id,
        name: "Mia Member",
        email: member.email,
        role: "member",
        joinedAt: expect.any(Date),
        seat: 3,
        holdsSeat: true,
      },
    ]);
    expect(asOwner.team.invitations).toEqual([
      expect.objectContaining({
        email: "new@example.test",
        role: "member",
        invitedByName: "Adam Admin",
        expired: false,
      }),
    ]);
    expect(asOwner.team.seats).toEqual({ members: 3, pending: 1, used: 4, paid: 5, free: 1 });
    const asMember = await getTeam(db, member.actor, { teamId: team.id });
    expect(asMember).toMatchObject({
      ok: true,
      team: { myRole: "member", invitations: null, seats: { used: 4 } },
    });
    expect(await getTeam(db, appAdmin.actor, { teamId: team.id })).toMatchObject({
      ok: true,
      team: { myRole: null, invitations: [expect.objectContaining({ email: "new@example.test" })] },
    });
    for (const teamId of [team.id, "not-a-uuid", crypto.randomUUID()]) {
      expect(await getTeam(db, outsider.actor, { teamId })).toMatchObject({ ok: false, code: "not_found" });
    }
  });
});

describe("roles", () => {
  it("owners and admins make members admins and back; members cannot", async () => {
    const team = await threeOfUs();
    expect(
      await changeMemberRole(db, member.actor, { teamId: team.id, userId: member.id, role: "admin" }),
    ).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(
      await changeMemberRole(db, admin.actor, { teamId: team.id, userId: member.id, role: "admin" }),
    ).toMatchObject({
      ok: true,
    });
    expect(
      await changeMemberRole(db, owner.actor, { teamId: team.id, userId: admin.id, role: "member" }),
    ).toMatchObject({
      ok: true,
    });
    // Roles, not seat order, are the point here (two members added a moment apart may tie on joined_at).
    const roles = Object.fromEntries((await membersOf(team.id)).map((m) => [m.user_id, m.role]));
    expect(roles).toEqual({ [owner.id]: "owner", [admin.id]: "member", [member.id]: "admin" });
    expect((await audit(member.id)).map((a) => [a.action, a.details.role])).toContainEqual([
      "team.member_role_changed",
      "admin",
    ]);
  });

  it("nobody changes the owner's role or makes an owner except by transferring", async () => {
    const team = await threeOfUs();
    expect(
      await changeMemberRole(db, admin.actor, { teamId: team.id, userId: owner.id, role: "member" }),
    ).toMatchObject({
      ok: false,
      code: "conflict",
      message: "The owner's role changes only when they transfer ownership to another member.",
    });
    expect(
      await changeMemberRoleOperation(admin.headers, { teamId: team.id, userId: admin.id, role: "owner" }),
    ).toMatchObject({
      ok: false,
      code: "invalid",
      fields: { role: "Choose admin or member. To make someone the owner, transfer ownership to them." },
    });
    expect(await transferOwnership(db, admin.actor, { teamId: team.id, userId: admin.id })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect((await membersOf(team.id))[0]).toEqual({ user_id: owner.id, role: "owner" });
  });

  it("the owner hands the team to a member, stays on as admin, and the new owner takes the first seat", async () => {
    const team = await threeOfUs();
    expect(await transferOwnership(db, owner.actor, { teamId: team.id, userId: outsider.id })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await transferOwnership(db, owner.actor, { teamId: team.id, userId: member.id })).toEqual({
      ok: true,
      owner: { userId: member.id },
    });
    expect(await membersOf(team.id)).toEqual([
      { user_id: member.id, role: "owner" },
      { user_id: owner.id, role: "admin" },
      { user_id: admin.id, role: "admin" },
    ]);
    expect(await systemRows(sql`select owner_id from teams where id = ${team.id}`)).toEqual([
      { owner_id: member.id },
    ]);
    expect(await audit(member.id)).toContainEqual(
      expect.objectContaining({ action: "team.ownership_transferred", actor_id: owner.id }),
    );
    expect(await transferOwnership(db, owner.actor, { teamId: team.id, userId: admin.id })).toMatchObject({
      code: "forbidden",
    });
  });
});

describe("removing and leaving", () => {
  it("owners and admins remove members; members cannot; nobody removes the owner", async () => {
    const team = await threeOfUs();
    const extra = await createTestUser();
    await addMembers(team.id, [extra]);
    expect(await removeMember(db, member.actor, { teamId: team.id, userId: extra.id })).toMatchObject({
      code: "forbidden",
    });
    expect(await removeMember(db, admin.actor, { teamId: team.id, userId: owner.id })).toEqual({
      ok: false,
      code: "forbidden",
      message: "An admin cannot remove the team's owner.",
    });
    expect(await removeMember(db, owner.actor, { teamId: team.id, userId: owner.id })).toMatchObject({
      code: "conflict",
      message: "You own this team. Transfer ownership to another member before you leave it.",
    });
    expect(await removeMember(db, outsider.actor, { teamId: team.id, userId: extra.id })).toMatchObject({
      code: "not_found",
    });
    expect(await removeMember(db, admin.actor, { teamId: team.id, userId: extra.id })).toMatchObject({
      ok: true,
    });
    expect(await removeMember(db, owner.actor, { teamId: team.id, userId: extra.id })).toMatchObject({
      code: "not_found",
    });
    expect((await membersOf(team.id)).map((m) => m.user_id)).toEqual([owner.id, admin.id, member.id]);
    expect(await audit(extra.id)).toContainEqual(
      expect.objectContaining({ action: "team.member_removed", actor_id: admin.id }),
    );
  });

  it("members and admins leave; the owner must transfer first, or delete a team of one", async () => {
    const team = await threeOfUs();
    expect(await leaveTeam(db, member.actor, { teamId: team.id })).toMatchObject({ ok: true });
    expect(await leaveTeam(db, admin.actor, { teamId: team.id })).toMatchObject({ ok: true });
    expect(await leaveTeam(db, owner.actor, { teamId: team.id })).toMatchObject({
      code: "conflict",
      message: "You are the only member of this team. Delete the team instead of leaving it.",
    });
    expect(await leaveTeam(db, member.actor, { teamId: team.id })).toMatchObject({ code: "not_found" });
    expect(await membersOf(team.id)).toEqual([{ user_id: owner.id, role: "owner" }]);
    expect(
      (await audit(team.id)).filter((a) => a.action === "team.member_left").map((a) => a.actor_id),
    ).toEqual([member.id, admin.id]);
    const crowded = await threeOfUs();
    expect(await leaveTeam(db, owner.actor, { teamId: crowded.id })).toMatchObject({
      code: "conflict",
      message: "You own this team. Transfer ownership to another member before you leave it.",
    });
  });
});

describe("deleting", () => {
  it("only the owner deletes; a team with a subscription is refused until it is canceled", async () => {
    const team = await createTestTeam(owner, {
      name: "Paying",
      stripeSubscriptionId: `sub_${crypto.randomUUID()}`,
    });
    await addMembers(team.id, [admin], "admin");
    expect(await deleteTeam(db, admin.actor, { teamId: team.id })).toMatchObject({ code: "forbidden" });
    expect(await deleteTeam(db, owner.actor, { teamId: team.id })).toEqual({
      ok: false,
      code: "conflict",
      message: "This team still has a subscription. Cancel the subscription first, then delete the team.",
    });
    expect(await systemRows(sql`select 1 from teams where id = ${team.id}`)).toHaveLength(1);
  });

  it("removes the team with its memberships and invitations, and keeps the audit entry", async () => {
    const team = await threeOfUs("Short-lived");
    await inviteMember(db, owner.actor, { teamId: team.id, email: "gone@example.test", role: "member" });
    expect(await deleteTeam(db, owner.actor, { teamId: team.id })).toEqual({
      ok: true,
      deleted: { teamId: team.id },
    });
    for (const table of ["teams", "team_members", "team_invitations"]) {
      const column = table === "teams" ? "id" : "team_id";
      expect(
        await systemRows(
          sql`select 1 from ${sql.identifier(table)} where ${sql.identifier(column)} = ${team.id}`,
        ),
      ).toEqual([]);
    }
    expect(await audit(team.id)).toContainEqual({
      action: "team.deleted",
      actor_id: owner.id,
      details: { team: "Short-lived" },
    });
  });
});
