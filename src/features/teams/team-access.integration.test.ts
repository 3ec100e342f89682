// Access through a team (SPEC §4–5): a seat of a team whose subscription gives access. Read with the actor
// on every request (app.session_actor, loadActor), so the gate sees a change on the very next request.
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, daysFromNow, type TestUser } from "../../../tests/helpers/accounts";
import { addMembers, createTestTeam, setTeamBilling } from "../../../tests/helpers/teams";
import { getActor } from "../../auth/session";
import { getDb } from "../../db/client";
import type { Database } from "../../db/types";
import { memberAccess } from "../accounts/access";
import { gateDecision } from "../accounts/gate";
import { loadActor } from "../accounts/load-actor";
import { deleteTeam } from "./delete-team";
import { leaveTeam } from "./leave-team";
import { removeMember } from "./remove-member";
import { transferOwnership } from "./transfer-ownership";

let db: Database;

beforeAll(async () => {
  db = await getDb();
});

/** People whose own membership has lapsed: a team seat is their only way in. */
const lapsed = (name: string) => createTestUser({ name, membershipStatus: "inactive" });

/** Whether the next request of `user` reaches the member area: the session lookup, as the gate does it. */
async function nextRequest(user: TestUser) {
  const actor = await getActor(user.headers);
  if (!actor) throw new Error("no session");
  // The other way of reading the actor agrees.
  expect((await loadActor(db, user.id))?.hasTeamSeat).toBe(actor.hasTeamSeat);
  return {
    hasTeamSeat: actor.hasTeamSeat,
    access: memberAccess(actor).allowed,
    gate: gateDecision("/dashboard", "", actor),
  };
}

const admitted = { hasTeamSeat: true, access: true, gate: { action: "pass" } };
const turnedAway = { hasTeamSeat: false, access: false, gate: { action: "redirect", to: "/upgrade" } };

describe("seats of a paying team", () => {
  it("go to the owner first, then by join order, up to the seats paid", async () => {
    const [owner, first, second, third] = await Promise.all(
      ["Olga", "Fay", "Sid", "Tim"].map((name) => lapsed(name)),
    );
    const team = await createTestTeam(owner!, { seatsPaid: 3, billingStatus: "active" });
    await addMembers(team.id, [first!, second!, third!]);
    expect(await nextRequest(owner!)).toEqual(admitted);
    expect(await nextRequest(first!)).toEqual(admitted);
    expect(await nextRequest(second!)).toEqual(admitted);
    expect(await nextRequest(third!)).toEqual(turnedAway);
    // The last to join becomes owner: the owner's seat comes first, so the latest member of the rest loses.
    expect(await transferOwnership(db, owner!.actor, { teamId: team.id, userId: third!.id })).toMatchObject({
      ok: true,
    });
    expect(await nextRequest(third!)).toEqual(admitted);
    expect(await nextRequest(owner!)).toEqual(admitted);
    expect(await nextRequest(first!)).toEqual(admitted);
    expect(await nextRequest(second!)).toEqual(turnedAway);
    await setTeamBilling(team.id, { seatsPaid: 4 });
    expect(await nextRequest(second!)).toEqual(admitted);
  });

  it("a removed member, or one who left, loses access on their next request", async () => {
    const [owner, removed, leaver] = await Promise.all(["Olga", "Rex", "Lea"].map((name) => lapsed(name)));
    const team = await createTestTeam(owner!, { seatsPaid: 5, billingStatus: "active" });
    await addMembers(team.id, [removed!, leaver!]);
    expect(await nextRequest(removed!)).toEqual(admitted);
    expect(await nextRequest(leaver!)).toEqual(admitted);
    expect(await removeMember(db, owner!.actor, { teamId: team.id, userId: removed!.id })).toMatchObject({
      ok: true,
    });
    expect(await nextRequest(removed!)).toEqual(turnedAway);
    expect(await leaveTeam(db, leaver!.actor, { teamId: team.id })).toMatchObject({ ok: true });
    expect(await nextRequest(leaver!)).toEqual(turnedAway);
  });

  it("deleting the team takes its members' access away", async () => {
    const [owner, member] = await Promise.all(["Olga", "Max"].map((name) => lapsed(name)));
    const team = await createTestTeam(owner!, { seatsPaid: 5, billingStatus: "active" });
    await addMembers(team.id, [member!]);
    expect(await nextRequest(member!)).toEqual(admitted);
    expect(await deleteTeam(db, owner!.actor, { teamId: team.id })).toMatchObject({ ok: true });
    expect(await nextRequest(member!)).toEqual(turnedAway);
    expect(await nextRequest(owner!)).toEqual(turnedAway);
  });

  it("one team that gives a seat is enough, whatever the person's other teams", async () => {
    const [a, b, member] = await Promise.all(["Ann", "Bob", "Moe"].map((name) => lapsed(name)));
    const lapsedTeam = await createTestTeam(a!, { seatsPaid: 5, billingStatus: "inactive" });
    const full = await createTestTeam(b!, { seatsPaid: 1, billingStatus: "active" });
    await addMembers(lapsedTeam.id, [member!]);
    await addMembers(full.id, [member!]);
    expect(await nextRequest(member!)).toEqual(turnedAway);
    await setTeamBilling(full.id, { seatsPaid: 2 });
    expect(await nextRequest(member!)).toEqual(admitted);
  });
});

describe("the team's payment state", () => {
  it("past_due gives access while the grace period runs, and not after it", async () => {
    const [owner, member] = await Promise.all(["Olga", "Pam"].map((name) => lapsed(name)));
    const team = await createTestTeam(owner!, {
      seatsPaid: 5,
      billingStatus: "past_due",
      graceEndsAt: daysFromNow(3),
    });
    await addMembers(team.id, [member!]);
    expect(await nextRequest(member!)).toEqual(admitted);
    await setTeamBilling(team.id, { graceEndsAt: daysFromNow(-1) });
    expect(await nextRequest(member!)).toEqual(turnedAway);
    // Fail closed: past_due without a recorded grace end gives no grace.
    await setTeamBilling(team.id, { graceEndsAt: null });
    expect(await nextRequest(member!)).toEqual(turnedAway);
  });

  it("an inactive team, or one that never paid, gives no access", async () => {
    const [owner, member] = await Promise.all(["Olga", "Ivy"].map((name) => lapsed(name)));
    const team = await createTestTeam(owner!, { seatsPaid: 5, billingStatus: "inactive" });
    await addMembers(team.id, [member!]);
    expect(await nextRequest(member!)).toEqual(turnedAway);
    expect(await nextRequest(owner!)).toEqual(turnedAway);
    await setTeamBilling(team.id, { billingStatus: "none" });
    expect(await nextRequest(member!)).toEqual(turnedAway);
    await setTeamBilling(team.id, { billingStatus: "active" });
    expect(await nextRequest(member!)).toEqual(admitted);
  });

  it("a team seat does not matter to someone with access of their own", async () => {
    const trial = await createTestUser({ membershipStatus: "trial", trialEndsAt: daysFromNow(5) });
    const actor = await getActor(trial.headers);
    expect(actor).toMatchObject({ hasTeamSeat: false, emailVerified: true });
    expect(memberAccess(actor!)).toEqual({ allowed: true, reason: "trial" });
  });
});
