// What /team and /upgrade show a person about their teams: seats used and paid, the owner to ask, and
// whether the team has a seat for them and gives access.
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser, uniqueEmail } from "../../../tests/helpers/accounts";
import { addMembers, createTestTeam, setTeamBilling } from "../../../tests/helpers/teams";
import { getDb } from "../../db/client";
import type { Database } from "../../db/types";
import { listMyTeamSummariesOperation } from "../../server/operations/teams";
import { inviteMember } from "./invite-member";
import { listMyTeamSummaries } from "./list-my-team-summaries";

let db: Database;
let owner: TestUser;
let second: TestUser;
let third: TestUser;

beforeAll(async () => {
  db = await getDb();
  [owner, second, third] = await Promise.all([
    createTestUser({ name: "Olga Owner" }),
    createTestUser({ name: "Sam Second" }),
    createTestUser({ name: "Tom Third" }),
  ]);
});

const summaries = async (who: TestUser) => {
  const result = await listMyTeamSummaries(db, who.actor);
  if (!result.ok) throw new Error(result.message);
  return result.teams;
};

describe("my teams with their seats", () => {
  it("counts pending invitations as used seats and names the owner for every member", async () => {
    const team = await createTestTeam(owner, { name: "Beta Team", seatsPaid: 4 });
    await addMembers(team.id, [second]);
    expect(
      (await inviteMember(db, owner.actor, { teamId: team.id, email: uniqueEmail(), role: "member" })).ok,
    ).toBe(true);
    const [mine] = await summaries(second);
    expect(mine).toMatchObject({
      id: team.id,
      name: "Beta Team",
      role: "member",
      owner: { name: "Olga Owner", email: owner.email },
      members: 2,
      pending: 1,
      seatsUsed: 3,
      seatsPaid: 4,
      billingStatus: "active",
      holdsSeat: true,
      teamGivesAccess: true,
      givesMeAccess: true,
    });
  });

  it("says who has no seat when the team pays for fewer seats than members, in join order", async () => {
    const team = await createTestTeam(owner, { name: "Alpha Team", seatsPaid: 2 });
    await addMembers(team.id, [second]);
    await addMembers(team.id, [third]);
    await setTeamBilling(team.id, { seatsPaid: 2 });
    const alpha = async (who: TestUser) => (await summaries(who)).find((t) => t.id === team.id);
    expect(await alpha(owner)).toMatchObject({ role: "owner", holdsSeat: true, givesMeAccess: true });
    expect(await alpha(second)).toMatchObject({ holdsSeat: true, givesMeAccess: true });
    expect(await alpha(third)).toMatchObject({
      holdsSeat: false,
      teamGivesAccess: true,
      givesMeAccess: false,
      members: 3,
      seatsPaid: 2,
    });
    // Sorted by name, and a team without a subscription gives its seat holders nothing.
    await setTeamBilling(team.id, { billingStatus: "none" });
    const teams = await summaries(second);
    expect(teams.map((t) => t.name)).toEqual(["Alpha Team", "Beta Team"]);
    expect(teams[0]).toMatchObject({ holdsSeat: true, teamGivesAccess: false, givesMeAccess: false });
  });

  it("shows nobody else's teams, and needs a session", async () => {
    const outsider = await createTestUser();
    expect(await summaries(outsider)).toEqual([]);
    expect(await listMyTeamSummariesOperation(new Headers(), {})).toMatchObject({ code: "unauthenticated" });
    expect(await listMyTeamSummariesOperation(outsider.headers, {})).toMatchObject({ ok: true, teams: [] });
  });
});
