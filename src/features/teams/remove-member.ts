import { sql } from "drizzle-orm";
import { z } from "zod";
import { withActor } from "@/db/rls";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { writeAudit } from "@/features/audit/write-audit";
import { fail, type Result } from "@/lib/result";
import { canManage, idText, lockTeam, managersOnly, memberRole, teamName, teamNotFound } from "./team-lock";

export const memberRefSchema = z.object({
  teamId: idText("Choose a team."),
  userId: idText("Choose a member."),
});
export type MemberRefInput = z.output<typeof memberRefSchema>;

export const memberNotFound = () => fail("not_found", "This person is not a member of the team.");

export const OWNER_MUST_TRANSFER =
  "You own this team. Transfer ownership to another member before you leave it.";

/**
 * An owner or admin removes a member: their seat is free and, since the seat is read with the actor on
 * every request, their access through the team ends with their next request. Nobody removes the owner
 * (the owner hands the team over first). On the request path; the delete policy on team_members holds the
 * same rule.
 */
export async function removeMember(
  db: Database,
  actor: Actor,
  input: MemberRefInput,
): Promise<Result<{ removed: { userId: string } }>> {
  const { teamId, userId } = input;
  return withActor(db, actor, async (tx) => {
    const role = await lockTeam(tx, teamId);
    if (!role) return teamNotFound();
    if (!canManage(role)) return managersOnly("remove members");
    const target = await memberRole(tx, teamId, userId);
    if (!target) return memberNotFound();
    if (target === "owner") {
      return userId === actor.id
        ? fail("conflict", OWNER_MUST_TRANSFER)
        : fail("forbidden", "An admin cannot remove the team's owner.");
    }
    await tx.execute(
      sql`delete from team_members where team_id = ${teamId} and user_id = ${userId} and role <> 'owner'`,
    );
    await writeAudit(tx, {
      action: "team.member_removed",
      subjectType: "user",
      subjectId: userId,
      details: { team: await teamName(tx, teamId), teamId, role: target },
    });
    return { ok: true, removed: { userId } };
  });
}
