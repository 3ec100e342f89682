import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/query";
import { withActor } from "@/db/rls";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { writeAudit } from "@/features/audit/write-audit";
import { fail, type Result } from "@/lib/result";
import { canManage, idText, isUuid, lockTeam, managersOnly, teamName, teamNotFound } from "./team-lock";

export const invitationRefSchema = z.object({
  teamId: idText("Choose a team."),
  invitationId: idText("Choose an invitation."),
});
export type InvitationRefInput = z.output<typeof invitationRefSchema>;

export const invitationNotFound = () => fail("not_found", "This invitation does not exist in this team.");

/**
 * An owner or admin withdraws an invitation: its link stops working and its seat is free at once. On the
 * request path; the update policy on team_invitations holds the same rule.
 */
export async function revokeInvitation(
  db: Database,
  actor: Actor,
  input: InvitationRefInput,
): Promise<Result<{ invitation: { id: string; email: string } }>> {
  const { teamId, invitationId } = input;
  return withActor(db, actor, async (tx) => {
    const role = await lockTeam(tx, teamId);
    if (!role) return teamNotFound();
    if (!canManage(role)) return managersOnly("revoke invitations");
    if (!isUuid(invitationId)) return invitationNotFound();
    const [revoked] = await queryRows<{ id: string; email: string }>(
      tx,
      sql`update team_invitations set revoked_at = now()
          where id = ${invitationId} and team_id = ${teamId} and accepted_at is null and revoked_at is null
          returning id, email`,
    );
    if (!revoked) {
      const [row] = await queryRows<{ accepted_at: Date | null }>(
        tx,
        sql`select accepted_at from team_invitations where id = ${invitationId} and team_id = ${teamId}`,
      );
      if (!row) return invitationNotFound();
      return fail(
        "conflict",
        row.accepted_at
          ? "This invitation was already accepted. Remove the member instead if they should leave."
          : "This invitation was already revoked.",
      );
    }
    await writeAudit(tx, {
      action: "team.invitation_revoked",
      subjectType: "team",
      subjectId: teamId,
      details: { team: await teamName(tx, teamId), email: revoked.email },
    });
    return { ok: true, invitation: revoked };
  });
}
