import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/query";
import { asSystem } from "@/db/rls";
import type { TeamInvitationRole } from "@/db/schema/values";
import type { Database } from "@/db/types";
import type { Result } from "@/lib/result";
import { hashInvitationToken } from "./invitation-token";

export const invitationTokenSchema = z.object({
  token: z
    .string("Open the link from your invitation mail.")
    .trim()
    .max(200, "This invitation link is not valid."),
});
export type InvitationTokenInput = z.output<typeof invitationTokenSchema>;

export type InvitationState = "pending" | "expired" | "revoked" | "accepted";

export type InvitationView =
  | { state: "unknown" }
  | {
      state: InvitationState;
      teamName: string;
      inviterName: string | null;
      role: TeamInvitationRole;
      email: string;
      expiresAt: Date;
    };

export type InvitationRow = {
  id: string;
  team_id: string;
  email: string;
  role: TeamInvitationRole;
  expires_at: Date | string;
  accepted_at: Date | string | null;
  accepted_by: string | null;
  revoked_at: Date | string | null;
  expired: boolean;
};

/** What became of an invitation: used and withdrawn outrank expired, since they happened first. */
export const stateOf = (row: InvitationRow): InvitationState =>
  row.accepted_at ? "accepted" : row.revoked_at ? "revoked" : row.expired ? "expired" : "pending";

/**
 * What the invitation page shows for a token, before anyone signs in: the team, who invited, the role and
 * the invited address, and whether the link still works. It changes nothing, so a mail scanner opening
 * the link does no harm. Only the token's hash is looked up; a token replaced by a resend, or made up, is
 * `unknown`. It runs on the system path because the visitor is no member of the team; holding the token
 * (32 random bytes, mailed to the invited address) is what lets them see this much.
 */
export async function readInvitation(
  db: Database,
  input: InvitationTokenInput,
): Promise<Result<{ invitation: InvitationView }>> {
  if (!input.token) return { ok: true, invitation: { state: "unknown" } };
  const [row] = await asSystem(db, "teams: read invitation", (tx) =>
    queryRows<InvitationRow & { team_name: string; inviter_name: string | null }>(
      tx,
      sql`select i.id, i.team_id, i.email, i.role, i.expires_at, i.accepted_at, i.accepted_by, i.revoked_at,
            i.expires_at <= now() as expired, t.name as team_name, u.name as inviter_name
          from team_invitations i
          join teams t on t.id = i.team_id
          left join users u on u.id = i.invited_by
          where i.token_hash = ${hashInvitationToken(input.token)}`,
    ),
  );
  if (!row) return { ok: true, invitation: { state: "unknown" } };
  return {
    ok: true,
    invitation: {
      state: stateOf(row),
      teamName: row.team_name,
      inviterName: row.inviter_name,
      role: row.role,
      email: row.email,
      expiresAt: new Date(row.expires_at),
    },
  };
}
