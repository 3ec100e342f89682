import { sql } from "drizzle-orm";
import { appTimeZone } from "@/config/env";
import { queryRows } from "@/db/query";
import { asSystem } from "@/db/rls";
import type { TeamInvitationRole } from "@/db/schema/values";
import type { Database, Tx } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { formatterFor } from "@/lib/format";
import { type Failure, fail, type Result } from "@/lib/result";
import { hashInvitationToken } from "./invitation-token";
import {
  type InvitationRow,
  type InvitationTokenInput,
  invitationTokenSchema,
  stateOf,
} from "./read-invitation";
import { seatUsage } from "./seats";

/** The same token the invitation page read; the page's button sends it back. */
export const acceptInvitationSchema = invitationTokenSchema;

export const UNKNOWN_INVITATION =
  "This invitation link does not work. It may have been replaced by a newer invitation: open the latest mail you received, or ask the team's owner or an admin to invite you again.";

const readByHash = async (tx: Tx, hash: string) =>
  (
    await queryRows<InvitationRow>(
      tx,
      sql`select id, team_id, email, role, expires_at, accepted_at, accepted_by, revoked_at,
            expires_at <= now() as expired
          from team_invitations where token_hash = ${hash}`,
    )
  )[0];

/** Why an invitation that is no longer pending cannot be accepted. */
function refusal(row: InvitationRow): Failure {
  switch (stateOf(row)) {
    case "accepted":
      return fail(
        "conflict",
        "This invitation has already been used. If you still need to join, ask the team's owner or an admin for a new one.",
      );
    case "revoked":
      return fail(
        "conflict",
        "This invitation was withdrawn by the team. If you still need to join, ask the team's owner or an admin for a new one.",
      );
    default:
      return fail(
        "conflict",
        `This invitation expired on ${formatterFor(appTimeZone()).longDate(row.expires_at)}. Ask the team's owner or an admin to send you a new one.`,
      );
  }
}

/**
 * The invitee accepts: the token, and a signed-in account whose verified email is the invited address
 * (case-insensitive), both read from the database here. Under the team's lock the invitation, still pending,
 * becomes a membership: its reserved seat turns into a member's, so acceptance works when every seat is
 * used. Only if there are no more seats paid than members (seats were lowered, or Stripe says fewer) is it
 * refused, and the invitation stays pending until a seat is added.
 * It runs on the system path because the invitee is no member yet and may read neither the invitation nor
 * the team: the token and the verified address checked here are the guard.
 */
export async function acceptInvitation(
  db: Database,
  actor: Actor,
  input: InvitationTokenInput,
): Promise<Result<{ team: { id: string; name: string }; role: TeamInvitationRole }>> {
  if (!input.token) return fail("not_found", UNKNOWN_INVITATION);
  const hash = hashInvitationToken(input.token);
  return asSystem(db, "teams: accept invitation", async (tx) => {
    const seen = await readByHash(tx, hash);
    if (!seen) return fail("not_found", UNKNOWN_INVITATION);
    const [team] = await queryRows<{ id: string; name: string; seats_paid: number }>(
      tx,
      sql`select id, name, seats_paid from teams where id = ${seen.team_id} for update`,
    );
    // Read again under the lock: it may have been accepted, revoked or resent (a new token) meanwhile.
    const invitation = team ? await readByHash(tx, hash) : undefined;
    if (!team || !invitation) return fail("not_found", UNKNOWN_INVITATION);
    const accepted = { ok: true as const, team: { id: team.id, name: team.name }, role: invitation.role };
    if (invitation.accepted_at && invitation.accepted_by === actor.id) return accepted;
    if (stateOf(invitation) !== "pending") return refusal(invitation);
    const [me] = await queryRows<{ email: string; email_verified: boolean }>(
      tx,
      sql`select email, email_verified from users where id = ${actor.id}`,
    );
    if (!me) return fail("unauthenticated", "Please sign in to continue.");
    if (!me.email_verified) {
      return fail(
        "forbidden",
        `Confirm your email address first: open the link we mailed to ${me.email}, then accept the invitation.`,
      );
    }
    if (me.email.toLowerCase() !== invitation.email) {
      return fail(
        "forbidden",
        `This invitation is for ${invitation.email}, and you are signed in as ${me.email}. Sign in with the invited address to accept it.`,
      );
    }
    const markAccepted = sql`update team_invitations set accepted_at = now(), accepted_by = ${actor.id}
                             where id = ${invitation.id}`;
    const [already] = await queryRows<{ one: number }>(
      tx,
      sql`select 1 as one from team_members where team_id = ${team.id} and user_id = ${actor.id}`,
    );
    if (already) {
      // Already in (joined through another invitation): this one is used up and frees its seat.
      await tx.execute(markAccepted);
      return accepted;
    }
    const seatsPaid = Number(team.seats_paid);
    const usage = await seatUsage(tx, team.id, seatsPaid);
    if (usage.members >= seatsPaid) {
      return fail(
        "conflict",
        `There is no free seat in ${team.name} right now: its ${seatsPaid === 1 ? "1 paid seat is" : `${seatsPaid} paid seats are`} all taken by members. Ask the team's owner or an admin to add a seat, then accept again.`,
      );
    }
    await tx.execute(
      sql`insert into team_members (team_id, user_id, role) values (${team.id}, ${actor.id}, ${invitation.role})`,
    );
    await tx.execute(markAccepted);
    await writeSystemAudit(tx, actor.id, {
      action: "team.invitation_accepted",
      subjectType: "team",
      subjectId: team.id,
      details: { team: team.name, email: invitation.email, role: invitation.role },
    });
    return accepted;
  });
}
