import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import { asSystem } from "@/db/rls";
import type { TeamInvitationRole } from "@/db/schema/values";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { enqueueMail } from "@/features/notifications/enqueue-mail";
import { fail, type Result } from "@/lib/result";
import { invitationMail } from "./invitation-mail";
import { INVITATION_DAYS, newInvitationToken } from "./invitation-token";
import { type InvitationRefInput, invitationNotFound, invitationRefSchema } from "./revoke-invitation";
import { noFreeSeatMessage, seatUsage } from "./seats";
import { canManage, isUuid, lockTeamAsSystem, managersOnly, teamNotFound } from "./team-lock";

/** The same reference as a revoke: the team and the invitation. */
export const resendInvitationSchema = invitationRefSchema;

/**
 * An owner or admin sends an open invitation again: a new token and seven more days, and a new mail; the old
 * link stops working at once (only the new token's hash is kept). An expired invitation held no seat, so
 * renewing it needs a free one, like a new invitation. Under the team's lock, on the system path because the
 * mail goes to the outbox: the team role read here is the guard.
 */
export async function resendInvitation(
  db: Database,
  actor: Actor,
  input: InvitationRefInput,
): Promise<Result<{ invitation: { id: string; email: string; expiresAt: Date } }>> {
  const { teamId, invitationId } = input;
  return asSystem(db, "teams: resend invitation", async (tx) => {
    const locked = await lockTeamAsSystem(tx, teamId, actor.id);
    if (!locked?.role) return teamNotFound();
    if (!canManage(locked.role)) return managersOnly("resend invitations");
    if (!isUuid(invitationId)) return invitationNotFound();
    const [invitation] = await queryRows<{
      email: string;
      role: TeamInvitationRole;
      accepted_at: Date | null;
      revoked_at: Date | null;
      expired: boolean;
    }>(
      tx,
      sql`select email, role, accepted_at, revoked_at, expires_at <= now() as expired
          from team_invitations where id = ${invitationId} and team_id = ${teamId}`,
    );
    if (!invitation) return invitationNotFound();
    if (invitation.accepted_at) return fail("conflict", "This invitation was already accepted.");
    if (invitation.revoked_at) {
      return fail("conflict", "This invitation was revoked. Invite the person again instead.");
    }
    const [member] = await queryRows<{ one: number }>(
      tx,
      sql`select 1 as one from team_members m join users u on u.id = m.user_id
          where m.team_id = ${teamId} and lower(u.email) = ${invitation.email}`,
    );
    if (member) {
      return fail(
        "conflict",
        `${invitation.email} is already a member of this team. Revoke this invitation.`,
      );
    }
    if (invitation.expired) {
      const usage = await seatUsage(tx, teamId, locked.team.seatsPaid);
      if (usage.free < 1) return fail("conflict", noFreeSeatMessage(usage));
    }
    const { token, hash } = newInvitationToken();
    const [renewed] = await queryRows<{ expires_at: Date | string }>(
      tx,
      sql`update team_invitations
          set token_hash = ${hash}, invited_by = ${actor.id}, expires_at = now() + make_interval(days => ${INVITATION_DAYS})
          where id = ${invitationId}
          returning expires_at`,
    );
    const expiresAt = new Date(renewed!.expires_at);
    await enqueueMail(
      tx,
      invitationMail(invitation.email, {
        teamName: locked.team.name,
        inviterName: actor.name,
        role: invitation.role,
        token,
        expiresAt,
      }),
    );
    await writeSystemAudit(tx, actor.id, {
      action: "team.invitation_resent",
      subjectType: "team",
      subjectId: teamId,
      details: { team: locked.team.name, email: invitation.email },
    });
    return { ok: true, invitation: { id: invitationId, email: invitation.email, expiresAt } };
  });
}
