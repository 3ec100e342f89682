import { sql } from "drizzle-orm";
import { z } from "zod";
import { withActor } from "@/db/rls";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { writeAudit } from "@/features/audit/write-audit";
import { fail, type Result } from "@/lib/result";
import { OWNER_MUST_TRANSFER } from "./remove-member";
import { idText, lockTeam, memberCount, teamName, teamNotFound } from "./team-lock";

export const leaveTeamSchema = z.object({ teamId: idText("Choose a team.") });
export type LeaveTeamInput = z.output<typeof leaveTeamSchema>;

/**
 * A member or admin leaves: their seat is free and their access through the team ends with their next
 * request. The owner transfers ownership first (or, alone in the team, deletes it). On the request path;
 * the delete policy on team_members lets anyone but the owner remove themselves.
 */
export async function leaveTeam(
  db: Database,
  actor: Actor,
  input: LeaveTeamInput,
): Promise<Result<{ left: { teamId: string } }>> {
  const { teamId } = input;
  return withActor(db, actor, async (tx) => {
    const role = await lockTeam(tx, teamId);
    if (!role) return teamNotFound();
    if (role === "owner") {
      return (await memberCount(tx, teamId)) > 1
        ? fail("conflict", OWNER_MUST_TRANSFER)
        : fail("conflict", "You are the only member of this team. Delete the team instead of leaving it.");
    }
    const name = await teamName(tx, teamId);
    await tx.execute(
      sql`delete from team_members where team_id = ${teamId} and user_id = ${actor.id} and role <> 'owner'`,
    );
    await writeAudit(tx, {
      action: "team.member_left",
      subjectType: "team",
      subjectId: teamId,
      details: { team: name, role },
    });
    return { ok: true, left: { teamId } };
  });
}
