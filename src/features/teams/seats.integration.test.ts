// The seat cap (SPEC §5): seats used = members + pending, unexpired invitations, never above the seats paid,
// whatever the interleaving. On PostgreSQL the races are real: every contender is made to wait on the team's
// lock before any of them gets it.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser, uniqueEmail } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import {
  addMembers,
  createTestTeam,
  expireInvitation,
  invitationToken,
  membersOf,
  setTeamBilling,
} from "../../../tests/helpers/teams";
import { testDriver } from "../../../tests/setup/test-database";
import { getDb } from "../../db/client";
import { queryRows } from "../../db/query";
import { asSystem } from "../../db/rls";
import type { Database } from "../../db/types";
import type { Result } from "../../lib/result";
import { acceptInvitation } from "./accept-invitation";
import { getTeam } from "./get-team";
import { inviteMember } from "./invite-member";
import { removeMember } from "./remove-member";
import { resendInvitation } from "./resend-invitation";
import { revokeInvitation } from "./revoke-invitation";

let db: Database;
let owner: TestUser;

beforeAll(async () => {
  db = await getDb();
  owner = await createTestUser({ name: "Olga Owner" });
});

const invite = (teamId: string, email = uniqueEmail("invitee")) =>
  inviteMember(db, owner.actor, { teamId, email, role: "member" });

const seatsOf = async (teamId: string) => {
  const found = await getTeam(db, owner.actor, { teamId });
  if (!found.ok) throw new Error(found.message);
  return found.team.seats;
};

const pendingCount = async (teamId: string) =>
  Number(
    (
      await systemRows<{ n: number }>(
        sql`select count(*)::integer as n from team_invitations
            where team_id = ${teamId} and accepted_at is null and revoked_at is null and expires_at > now()`,
      )
    )[0]?.n,
  );

describe("seat arithmetic", () => {
  it("counts members (the owner too) and pending invitations, and refuses the next one with a sentence", async () => {
    const team = await createTestTeam(owner, { seatsPaid: 3 });
    const colleague = await createTestUser();
    await addMembers(team.id, [colleague]);
    expect(await seatsOf(team.id)).toEqual({ members: 2, pending: 0, used: 2, paid: 3, free: 1 });
    expect(await invite(team.id)).toMatchObject({ ok: true });
    expect(await seatsOf(team.id)).toEqual({ members: 2, pending: 1, used: 3, paid: 3, free: 0 });
    expect(await invite(team.id)).toEqual({
      ok: false,
      code: "conflict",
      message:
        "No seat is free: all 3 paid seats are taken by 2 members and 1 pending invitation. Add seats under Billing on this page, or revoke an invitation.",
    });
    expect(await pendingCount(team.id)).toBe(1);
  });

  it("says how to make room when members alone fill the seats, and when no seat is paid yet", async () => {
    const full = await createTestTeam(owner, { seatsPaid: 1 });
    expect(await invite(full.id)).toMatchObject({
      code: "conflict",
      message:
        "No seat is free: the 1 paid seat is taken by 1 member. Add seats under Billing on this page, or remove a member.",
    });
    const unpaid = await createTestTeam(owner, { seatsPaid: 0, billingStatus: "none" });
    expect(await invite(unpaid.id)).toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/^This team has no paid seats yet, so no seat is free\. Buy seats/),
    });
  });

  it("an expired invitation holds no seat; renewing it needs one again", async () => {
    const team = await createTestTeam(owner, { seatsPaid: 2 });
    const first = await invite(team.id);
    if (!first.ok) throw new Error(first.message);
    expect(await invite(team.id)).toMatchObject({ ok: false, code: "conflict" });
    await expireInvitation(first.invitation.id);
    expect(await seatsOf(team.id)).toMatchObject({ members: 1, pending: 0, used: 1, free: 1 });
    const second = await invite(team.id);
    expect(second).toMatchObject({ ok: true });
    expect(
      await resendInvitation(db, owner.actor, { teamId: team.id, invitationId: first.invitation.id }),
    ).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("No seat is free") });
  });

  it("revoking an invitation or removing a member frees the seat at once", async () => {
    const team = await createTestTeam(owner, { seatsPaid: 3 });
    const colleague = await createTestUser();
    await addMembers(team.id, [colleague]);
    const sent = await invite(team.id);
    if (!sent.ok) throw new Error(sent.message);
    expect(await invite(team.id)).toMatchObject({ ok: false });
    expect(
      await revokeInvitation(db, owner.actor, { teamId: team.id, invitationId: sent.invitation.id }),
    ).toMatchObject({
      ok: true,
    });
    expect(await invite(team.id)).toMatchObject({ ok: true });
    expect(await invite(team.id)).toMatchObject({ ok: false });
    expect(await removeMember(db, owner.actor, { teamId: team.id, userId: colleague.id })).toMatchObject({
      ok: true,
    });
    expect(await invite(team.id)).toMatchObject({ ok: true });
    expect(await seatsOf(team.id)).toMatchObject({ used: 3, free: 0 });
  });

  it("accepting turns the reservation into a member, so it works when every seat is used", async () => {
    const team = await createTestTeam(owner, { seatsPaid: 2 });
    const invitee = await createTestUser();
    expect(await invite(team.id, invitee.email)).toMatchObject({ ok: true });
    expect(await seatsOf(team.id)).toMatchObject({ used: 2, free: 0 });
    const accepted = await acceptInvitation(db, invitee.actor, {
      token: await invitationToken(invitee.email),
    });
    expect(accepted).toMatchObject({ ok: true, team: { id: team.id } });
    expect(await seatsOf(team.id)).toEqual({ members: 2, pending: 0, used: 2, paid: 2, free: 0 });
  });

  it("refuses an acceptance when members already fill the seats paid (seats lowered), and keeps it pending", async () => {
    const team = await createTestTeam(owner, { seatsPaid: 2 });
    const invitee = await createTestUser();
    await invite(team.id, invitee.email);
    await setTeamBilling(team.id, { seatsPaid: 1 });
    const token = await invitationToken(invitee.email);
    expect(await acceptInvitation(db, invitee.actor, { token })).toEqual({
      ok: false,
      code: "conflict",
      message:
        "There is no free seat in Test Team right now: its 1 paid seat is all taken by members. Ask the team's owner or an admin to add a seat, then accept again.",
    });
    expect(await pendingCount(team.id)).toBe(1);
    await setTeamBilling(team.id, { seatsPaid: 2 });
    expect(await acceptInvitation(db, invitee.actor, { token })).toMatchObject({ ok: true });
  });
});

/**
 * Runs `contenders` at once. On PostgreSQL a transaction holds the team's lock until every contender waits
 * for it (pg_stat_activity shows them waiting on a lock), so they truly contend; on PGlite, one connection,
 * they are simply started together.
 */
async function race<T>(teamId: string, contenders: (() => Promise<T>)[]): Promise<T[]> {
  if (testDriver() !== "postgres") return Promise.all(contenders.map((c) => c()));
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held!: () => void;
  const holding = new Promise<void>((resolve) => {
    held = resolve;
  });
  const holder = asSystem(db, "test: hold the team's lock", async (tx) => {
    await tx.execute(sql`select 1 from teams where id = ${teamId} for update`);
    held();
    await released;
  });
  await holding;
  const running = Promise.all(contenders.map((c) => c()));
  try {
    for (let waited = 0; ; waited += 20) {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::integer as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (Number(row?.n) >= contenders.length) break;
      if (waited > 20_000)
        throw new Error(`only ${row?.n} of ${contenders.length} contenders reached the lock`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    release();
    await holder;
  }
  return running;
}

const outcomes = (results: Result[]) => ({
  ok: results.filter((r) => r.ok).length,
  refused: results.filter((r) => !r.ok && r.code === "conflict").length,
});

describe("no interleaving exceeds the cap", () => {
  it("10 invitations at once for 1 free seat: exactly 1 is sent", async () => {
    const team = await createTestTeam(owner, { seatsPaid: 2 });
    const emails = Array.from({ length: 10 }, () => uniqueEmail("racer"));
    const results = await race(
      team.id,
      emails.map((email) => () => invite(team.id, email)),
    );
    expect(outcomes(results)).toEqual({ ok: 1, refused: 9 });
    for (const refused of results.filter((r) => !r.ok)) {
      expect(refused).toMatchObject({
        message: expect.stringMatching(/^No seat is free: all 2 paid seats are taken/),
      });
    }
    expect(await pendingCount(team.id)).toBe(1);
    const mailed = await systemRows<{ to_address: string }>(
      sql`select to_address from mail_outbox where to_address in (${sql.join(
        emails.map((e) => sql`${e}`),
        sql`, `,
      )})`,
    );
    expect(mailed.map((m) => m.to_address)).toEqual([emails[results.findIndex((r) => r.ok)]]);
  });

  it("10 invitations of one address at once: exactly 1 is sent", async () => {
    const team = await createTestTeam(owner, { seatsPaid: 20 });
    const email = uniqueEmail("twice");
    const results = await race(
      team.id,
      Array.from({ length: 10 }, () => () => invite(team.id, email)),
    );
    expect(outcomes(results)).toEqual({ ok: 1, refused: 9 });
    expect(await systemRows(sql`select 1 from team_invitations where email = ${email}`)).toHaveLength(1);
    expect(await systemRows(sql`select 1 from mail_outbox where to_address = ${email}`)).toHaveLength(1);
  });

  it("10 acceptances at once after the seats were lowered to 4: exactly the 3 free seats are taken", async () => {
    const team = await createTestTeam(owner, { seatsPaid: 11 });
    const invitees = await Promise.all(Array.from({ length: 10 }, () => createTestUser()));
    for (const invitee of invitees) expect(await invite(team.id, invitee.email)).toMatchObject({ ok: true });
    const tokens = await Promise.all(invitees.map((i) => invitationToken(i.email)));
    // As if Stripe now showed fewer seats (a change made elsewhere): the sync writes the new count.
    await setTeamBilling(team.id, { seatsPaid: 4 });
    const results = await race(
      team.id,
      invitees.map((invitee, i) => () => acceptInvitation(db, invitee.actor, { token: tokens[i]! })),
    );
    expect(outcomes(results)).toEqual({ ok: 3, refused: 7 });
    const members = await membersOf(team.id);
    expect(members).toHaveLength(4);
    expect(members[0]).toEqual({ user_id: owner.id, role: "owner" });
    const joined = new Set(members.map((m) => m.user_id));
    invitees.forEach((invitee, i) => {
      expect(joined.has(invitee.id)).toBe(results[i]!.ok);
    });
    expect(await pendingCount(team.id)).toBe(7);
  });

  it("10 acceptances at once with every seat reserved: all 10 join, and the cap holds", async () => {
    const team = await createTestTeam(owner, { seatsPaid: 11 });
    const invitees = await Promise.all(Array.from({ length: 10 }, () => createTestUser()));
    for (const invitee of invitees) await invite(team.id, invitee.email);
    const tokens = await Promise.all(invitees.map((i) => invitationToken(i.email)));
    const results = await race(
      team.id,
      invitees.map((invitee, i) => () => acceptInvitation(db, invitee.actor, { token: tokens[i]! })),
    );
    expect(outcomes(results)).toEqual({ ok: 10, refused: 0 });
    expect(await seatsOf(team.id)).toEqual({ members: 11, pending: 0, used: 11, paid: 11, free: 0 });
  });
});
