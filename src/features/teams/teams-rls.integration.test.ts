// Row-level security on teams, members and invitations (SPEC §7, migration 0015), proven as the request
// role itself (withActor), without the feature functions' own checks in the way.
import { type SQL, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { addMembers, createTestTeam, setTeamBilling } from "../../../tests/helpers/teams";
import { getDb } from "../../db/client";
import { queryRows } from "../../db/query";
import { withActor } from "../../db/rls";
import type { Database } from "../../db/types";
import { inviteMember } from "./invite-member";

let db: Database;
let owner: TestUser;
let admin: TestUser;
let member: TestUser;
let outsider: TestUser;
let appAdmin: TestUser;
let ownerB: TestUser;
let memberB: TestUser;
let teamA: { id: string };
let teamB: { id: string };

beforeAll(async () => {
  db = await getDb();
  [owner, admin, member, outsider, appAdmin, ownerB, memberB] = await Promise.all([
    createTestUser({ name: "Olga Owner" }),
    createTestUser({ name: "Adam Admin" }),
    createTestUser({ name: "Mia Member" }),
    createTestUser({ name: "Otto Outsider" }),
    createTestUser({ name: "Ada AppAdmin", role: "admin" }),
    createTestUser({ name: "Bea Owner" }),
    createTestUser({ name: "Ben Member" }),
  ]);
  teamA = await createTestTeam(owner, { name: "Team A", seatsPaid: 10 });
  await addMembers(teamA.id, [admin], "admin");
  await addMembers(teamA.id, [member]);
  teamB = await createTestTeam(ownerB, { name: "Team B", seatsPaid: 10 });
  await addMembers(teamB.id, [memberB]);
  for (const [team, by] of [
    [teamA, owner],
    [teamB, ownerB],
  ] as const) {
    const sent = await inviteMember(db, by.actor, {
      teamId: team.id,
      email: `invitee-${team.id.slice(0, 8)}@example.test`,
      role: "member",
    });
    if (!sent.ok) throw new Error(sent.message);
  }
});

const as = <T>(user: TestUser | null, query: SQL) => withActor(db, user, (tx) => queryRows<T>(tx, query));
const ids = async (user: TestUser | null, query: SQL) =>
  (await as<{ id: string }>(user, query)).map((r) => r.id).sort();
const teamsSeenBy = (user: TestUser | null) => ids(user, sql`select id from teams`);
const membersSeenBy = (user: TestUser | null) => ids(user, sql`select user_id as id from team_members`);
const invitationTeamsSeenBy = (user: TestUser | null) =>
  ids(user, sql`select distinct team_id as id from team_invitations`);
const namesSeenBy = async (user: TestUser | null, of: TestUser[]) =>
  (
    await as<{ name: string }>(
      user,
      sql`select name from users where id in (${sql.join(
        of.map((u) => sql`${u.id}`),
        sql`, `,
      )}) order by name`,
    )
  ).map((r) => r.name);
const denied = (promise: Promise<unknown>) => expect(promise).rejects.toThrow();
const changed = (user: TestUser, query: SQL) =>
  as<Record<string, unknown>>(user, query).then((r) => r.length);

describe("reading teams", () => {
  it("a member reads their team and its members, and nothing of another team", async () => {
    for (const who of [owner, admin, member]) {
      expect(await teamsSeenBy(who)).toEqual([teamA.id]);
      expect(await membersSeenBy(who)).toEqual([owner.id, admin.id, member.id].sort());
    }
    expect(await teamsSeenBy(memberB)).toEqual([teamB.id]);
    expect(await membersSeenBy(memberB)).toEqual([ownerB.id, memberB.id].sort());
    expect(await as(member, sql`select 1 from team_members where team_id = ${teamB.id}`)).toEqual([]);
    expect(await as(member, sql`select 1 from teams where id = ${teamB.id}`)).toEqual([]);
  });

  it("co-members read each other's names; nobody reads the names of another team's members", async () => {
    expect(await namesSeenBy(member, [owner, admin, ownerB, memberB])).toEqual(["Adam Admin", "Olga Owner"]);
    expect(await namesSeenBy(memberB, [owner, admin, member, ownerB])).toEqual(["Bea Owner"]);
    expect(await namesSeenBy(outsider, [owner, admin, member, ownerB, memberB])).toEqual([]);
  });

  it("only the team's owner and admins read its invitations, and never the token's hash", async () => {
    expect(await invitationTeamsSeenBy(owner)).toEqual([teamA.id]);
    expect(await invitationTeamsSeenBy(admin)).toEqual([teamA.id]);
    expect(await invitationTeamsSeenBy(member)).toEqual([]);
    expect(await invitationTeamsSeenBy(ownerB)).toEqual([teamB.id]);
    await denied(as(owner, sql`select token_hash from team_invitations`));
  });

  it("someone in no team, and a visitor, see nothing at all", async () => {
    for (const who of [outsider, null]) {
      expect(await teamsSeenBy(who)).toEqual([]);
      expect(await membersSeenBy(who)).toEqual([]);
      expect(await invitationTeamsSeenBy(who)).toEqual([]);
      expect(await as(who, sql`select * from app.team_seats`)).toEqual([]);
      expect(await as(who, sql`select * from app.actor_team_seat_usage(${teamA.id}::uuid)`)).toEqual([]);
    }
  });

  it("app admins read every team, member and invitation", async () => {
    expect(await teamsSeenBy(appAdmin)).toEqual(expect.arrayContaining([teamA.id, teamB.id]));
    expect(await membersSeenBy(appAdmin)).toEqual(
      expect.arrayContaining([owner.id, admin.id, member.id, ownerB.id, memberB.id]),
    );
    expect(await invitationTeamsSeenBy(appAdmin)).toEqual(expect.arrayContaining([teamA.id, teamB.id]));
  });

  it("request code cannot call the system path's seat count directly", async () => {
    await denied(as(owner, sql`select * from app.team_seat_usage(${teamA.id}::uuid)`));
  });

  it("every member may know the seats used, pending invitations included, only of their own team", async () => {
    expect(await as(member, sql`select * from app.actor_team_seat_usage(${teamA.id}::uuid)`)).toEqual([
      { members: 3, pending: 1 },
    ]);
    expect(await as(member, sql`select * from app.actor_team_seat_usage(${teamB.id}::uuid)`)).toEqual([]);
  });

  it("a forged system flag inside a request shows a member nothing more", async () => {
    const seen = await withActor(db, member, async (tx) => {
      await tx.execute(
        sql`select set_config('app.system', 'on', true), set_config('app.is_admin', 'on', true)`,
      );
      return {
        teams: await queryRows<{ id: string }>(tx, sql`select id from teams`),
        invitations: await queryRows(tx, sql`select id from team_invitations`),
      };
    });
    expect(seen.teams.map((t) => t.id)).toEqual([teamA.id]);
    expect(seen.invitations).toEqual([]);
  });
});

describe("changing teams as the request role", () => {
  it("nobody writes billing columns, seats or members directly", async () => {
    await denied(as(owner, sql`update teams set seats_paid = 100 where id = ${teamA.id}`));
    await denied(as(owner, sql`update teams set billing_status = 'active' where id = ${teamA.id}`));
    await denied(as(owner, sql`update teams set name = 'Renamed' where id = ${teamA.id}`));
    await denied(
      as(
        outsider,
        sql`insert into team_members (team_id, user_id, role) values (${teamA.id}, ${outsider.id}, 'member')`,
      ),
    );
    await denied(
      as(
        owner,
        sql`insert into team_invitations (team_id, email, role, token_hash, expires_at)
                    values (${teamA.id}, 'x@example.test', 'member', 'h', now() + interval '1 day')`,
      ),
    );
    await denied(
      as(
        outsider,
        sql`insert into teams (name, owner_id, seats_paid, billing_status)
                       values ('Free seats', ${outsider.id}, 50, 'active')`,
      ),
    );
    expect(
      await systemRows(sql`select seats_paid, billing_status from teams where id = ${teamA.id}`),
    ).toEqual([{ seats_paid: 10, billing_status: "active" }]);
  });

  it("a team is created only with oneself as owner, who becomes its member in the same statement", async () => {
    await denied(as(outsider, sql`insert into teams (name, owner_id) values ('Not mine', ${owner.id})`));
    const [created] = await as<{ id: string }>(
      outsider,
      sql`insert into teams (name, owner_id) values ('Mine', ${outsider.id}) returning id`,
    );
    expect(
      await systemRows(sql`select user_id, role from team_members where team_id = ${created!.id}`),
    ).toEqual([{ user_id: outsider.id, role: "owner" }]);
    expect(
      await systemRows(sql`select billing_status, seats_paid from teams where id = ${created!.id}`),
    ).toEqual([{ billing_status: "none", seats_paid: 0 }]);
  });

  it("only owners and admins change roles, never the owner's and never to owner", async () => {
    const roleOf = async (id: string) =>
      (
        await systemRows<{ role: string }>(
          sql`select role from team_members where team_id = ${teamA.id} and user_id = ${id}`,
        )
      )[0]?.role;
    expect(
      await changed(
        member,
        sql`update team_members set role = 'admin' where team_id = ${teamA.id} and user_id = ${member.id} returning 1`,
      ),
    ).toBe(0);
    expect(
      await changed(
        admin,
        sql`update team_members set role = 'member' where team_id = ${teamA.id} and user_id = ${owner.id} returning 1`,
      ),
    ).toBe(0);
    await denied(
      as(
        admin,
        sql`update team_members set role = 'owner' where team_id = ${teamA.id} and user_id = ${admin.id}`,
      ),
    );
    expect(
      await changed(
        ownerB,
        sql`update team_members set role = 'admin' where team_id = ${teamA.id} and user_id = ${member.id} returning 1`,
      ),
    ).toBe(0);
    expect(await roleOf(member.id)).toBe("member");
    expect(await roleOf(owner.id)).toBe("owner");
    expect(await roleOf(admin.id)).toBe("admin");
    expect(
      await changed(
        admin,
        sql`update team_members set role = 'admin' where team_id = ${teamA.id} and user_id = ${member.id} returning 1`,
      ),
    ).toBe(1);
    expect(await roleOf(member.id)).toBe("admin");
    await as(
      owner,
      sql`update team_members set role = 'member' where team_id = ${teamA.id} and user_id = ${member.id}`,
    );
    expect(await roleOf(member.id)).toBe("member");
  });

  it("members cannot remove others; nobody removes the owner; another team removes no one", async () => {
    const removes = (by: TestUser, who: TestUser) =>
      changed(
        by,
        sql`delete from team_members where team_id = ${teamA.id} and user_id = ${who.id} returning 1`,
      );
    expect(await removes(member, admin)).toBe(0);
    expect(await removes(admin, owner)).toBe(0);
    expect(await removes(owner, owner)).toBe(0);
    expect(await removes(ownerB, member)).toBe(0);
    expect(await membersSeenBy(owner)).toEqual([owner.id, admin.id, member.id].sort());
  });

  it("a member may remove themselves (leave), and an admin may remove a member", async () => {
    const team = await createTestTeam(owner, { name: "Leavers" });
    const [leaver, removed] = await Promise.all([createTestUser(), createTestUser()]);
    await addMembers(team.id, [admin], "admin");
    await addMembers(team.id, [leaver, removed]);
    expect(
      await changed(
        leaver,
        sql`delete from team_members where team_id = ${team.id} and user_id = ${leaver.id} returning 1`,
      ),
    ).toBe(1);
    expect(
      await changed(
        admin,
        sql`delete from team_members where team_id = ${team.id} and user_id = ${removed.id} returning 1`,
      ),
    ).toBe(1);
    expect((await membersSeenBy(owner)).filter((id) => id === leaver.id || id === removed.id)).toEqual([]);
  });

  it("only owners and admins revoke invitations, and a revocation cannot be undone", async () => {
    const revokes = (by: TestUser, team: { id: string }) =>
      changed(by, sql`update team_invitations set revoked_at = now() where team_id = ${team.id} returning 1`);
    expect(await revokes(member, teamA)).toBe(0);
    expect(await revokes(owner, teamB)).toBe(0);
    expect(await revokes(outsider, teamA)).toBe(0);
    await denied(
      as(owner, sql`update team_invitations set email = 'other@example.test' where team_id = ${teamA.id}`),
    );
    const team = await createTestTeam(owner, { name: "Revokers" });
    const sent = await inviteMember(db, owner.actor, {
      teamId: team.id,
      email: "undo@example.test",
      role: "member",
    });
    if (!sent.ok) throw new Error(sent.message);
    expect(await revokes(admin, team)).toBe(0);
    expect(await revokes(owner, team)).toBe(1);
    expect(
      await changed(
        owner,
        sql`update team_invitations set revoked_at = null where team_id = ${team.id} returning 1`,
      ),
    ).toBe(0);
    expect(
      await systemRows(sql`select 1 from team_invitations where team_id = ${team.id} and revoked_at is null`),
    ).toEqual([]);
  });

  it("only the owner deletes a team, and only while it has no subscription", async () => {
    const team = await createTestTeam(owner, { name: "Doomed", stripeSubscriptionId: "sub_rls_test" });
    await addMembers(team.id, [admin], "admin");
    const deletes = (by: TestUser) => changed(by, sql`delete from teams where id = ${team.id} returning 1`);
    expect(await deletes(admin)).toBe(0);
    expect(await deletes(outsider)).toBe(0);
    expect(await deletes(owner)).toBe(0);
    await setTeamBilling(team.id, { stripeSubscriptionId: null });
    expect(await deletes(owner)).toBe(1);
    expect(await systemRows(sql`select 1 from team_members where team_id = ${team.id}`)).toEqual([]);
  });

  it("locking a team is for its members only", async () => {
    const lock = (by: TestUser | null, team: { id: string }) =>
      as<{ role: string | null }>(by, sql`select app.lock_team(${team.id}::uuid) as role`).then(
        (r) => r[0]?.role,
      );
    expect(await lock(member, teamA)).toBe("member");
    expect(await lock(owner, teamA)).toBe("owner");
    expect(await lock(member, teamB)).toBeNull();
    expect(await lock(appAdmin, teamA)).toBeNull();
    expect(await lock(null, teamA)).toBeNull();
  });
});
