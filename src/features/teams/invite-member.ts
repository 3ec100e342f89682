import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/query";
import { asSystem } from "@/db/rls";
import { TEAM_INVITATION_ROLES, type TeamInvitationRole } from "@/db/schema/values";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { enqueueMail } from "@/features/notifications/enqueue-mail";
import { fail, type Result } from "@/lib/result";
import { invitationMail } from "./invitation-mail";
import { INVITATION_DAYS, newInvitationToken } from "./invitation-token";
import { noFreeSeatMessage, seatUsage } from "./seats";
import { canManage, idText, lockTeamAsSystem, managersOnly, teamNotFound } from "./team-lock";

export const invitationEmail = z
  .string("Enter the email address to invite.")
  .trim()
  .min(1, "Enter the email address to invite.")
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address, like name@example.com."))
  .transform((v) => v.toLowerCase());

export const inviteMemberSchema = z.object({
  teamId: idText("Choose a team."),
  email: invitationEmail,
  role: z
    .enum(TEAM_INVITATION_ROLES, "Choose whether they join as a member or as an admin.")
    .default("member"),
});
export type InviteMemberInput = z.output<typeof inviteMemberSchema>;

export type SentInvitation = { id: string; email: string; role: TeamInvitationRole; expiresAt: Date };

/**
 * An owner or admin invites someone by email. Under the team's lock: the address is neither a member nor
 * already invited, and a seat is free (seats used = members + pending invitations, never above the seats
 * paid); then the invitation (only its token's hash) and its mail are written in one transaction.
 * It runs on the system path because the mail goes to the outbox, which request code cannot write: the
 * team role read here under the lock is the guard, and row-level security does not check it again.
 */
export async function inviteMember(
  db: Database,
  actor: Actor,
  input: InviteMemberInput,
): Promise<Result<{ invitation: SentInvitation }>> {
  const { teamId, email, role } = input;
  return asSystem(db, "teams: invite member", async (tx) => {
    const locked = await lockTeamAsSystem(tx, teamId, actor.id);
    if (!locked?.role) return teamNotFound();
    if (!canManage(locked.role)) return managersOnly("invite people");
    const [member] = await queryRows<{ one: number }>(
      tx,
      sql`select 1 as one from team_members m join users u on u.id = m.user_id
          where m.team_id = ${teamId} and lower(u.email) = ${email}`,
    );
    if (member) return fail("conflict", `${email} is already a member of this team.`);
    const [pending] = await queryRows<{ one: number }>(
      tx,
      sql`select 1 as one from team_invitations
          where team_id = ${teamId} and email = ${email}
            and accepted_at is null and revoked_at is null and expires_at > now()`,
    );
    if (pending) {
      return fail(
        "conflict",
        `${email} already has a pending invitation to this team. Resend it if the mail went missing.`,
      );
    }
    const usage = await seatUsage(tx, teamId, locked.team.seatsPaid);
    if (usage.free < 1) return fail("conflict", noFreeSeatMessage(usage));
    const { token, hash } = newInvitationToken();
    const [created] = await queryRows<{ id: string; expires_at: Date | string }>(
      tx,
      sql`insert into team_invitations (team_id, email, role, token_hash, invited_by, expires_at)
          values (${teamId}, ${email}, ${role}, ${hash}, ${actor.id}, now() + make_interval(days => ${INVITATION_DAYS}))
          returning id, expires_at`,
    );
    const expiresAt = new Date(created!.expires_at);
    await enqueueMail(
      tx,
      invitationMail(email, { teamName: locked.team.name, inviterName: actor.name, role, token, expiresAt }),
    );
    await writeSystemAudit(tx, actor.id, {
      action: "team.invitation_sent",
      subjectType: "team",
      subjectId: teamId,
      details: { team: locked.team.name, email, role },
    });
    return { ok: true, invitation: { id: created!.id, email, role, expiresAt } };
  });
}
