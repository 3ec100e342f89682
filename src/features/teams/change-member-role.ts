import { sql } from "drizzle-orm";
import { z } from "zod";
import { withActor } from "@/db/rls";
import { TEAM_INVITATION_ROLES, type TeamInvitationRole } from "@/db/schema/values";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { writeAudit } from "@/features/audit/write-audit";
import { fail, type Result } from "@/lib/result";
import { memberNotFound } from "./remove-member";
import { canManage, idText, lockTeam, managersOnly, memberRole, teamName, teamNotFound } from "./team-lock";

export const changeMemberRoleSchema = z.object({
  teamId: idText("Choose a team."),
  userId: idText("Choose a member."),
  role: z.enum(
    TEAM_INVITATION_ROLES,
    "Choose admin or member. To make someone the owner, transfer ownership to them.",
  ),
});
export type ChangeMemberRoleInput = z.output<typeof changeMemberRoleSchema>;

/**
 * An owner or admin makes a member an admin or an admin a member. The owner's role changes only through
 * transferOwnership, so nobody makes themselves or anyone else owner here. On the request path; the update
 * policy on team_members holds the same rule.
 */
export async function changeMemberRole(
  db: Database,
  actor: Actor,
  input: ChangeMemberRoleInput,
): Promise<Result<{ member: { userId: string; role: TeamInvitationRole } }>> {
  const { teamId, userId, role } = input;
  return withActor(db, actor, async (tx) => {
    const mine = await lockTeam(tx, teamId);
    if (!mine) return teamNotFound();
    if (!canManage(mine)) return managersOnly("change roles");
    const current = await memberRole(tx, teamId, userId);
    if (!current) return memberNotFound();
    if (current === "owner") {
      return fail(
        "conflict",
        "The owner's role changes only when they transfer ownership to another member.",
      );
    }
    if (current !== role) {
      await tx.execute(
        sql`update team_members set role = ${role}
            where team_id = ${teamId} and user_id = ${userId} and role <> 'owner'`,
      );
      await writeAudit(tx, {
        action: "team.member_role_changed",
        subjectType: "user",
        subjectId: userId,
        details: { team: await teamName(tx, teamId), teamId, previousRole: current, role },
      });
    }
    return { ok: true, member: { userId, role } };
  });
}
