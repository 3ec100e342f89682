import { sql } from "drizzle-orm";
import { asSystem } from "@/db/rls";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { fail, type Result } from "@/lib/result";
import { type MemberRefInput, memberRefSchema } from "./remove-member";
import { lockTeamAsSystem, memberRole, teamNotFound } from "./team-lock";

/** The team and the member who becomes its owner. */
export const transferOwnershipSchema = memberRefSchema;

/**
 * The owner hands the team to another member, who becomes the owner; the old owner stays on as an admin.
 * Seats follow: the owner's seat is the first. Request code can neither change the owner's row nor make
 * anyone owner (the team_members policies forbid both, so no admin can take a team), so this runs on the
 * system path under the team's lock, and the owner check here is the guard.
 */
export async function transferOwnership(
  db: Database,
  actor: Actor,
  input: MemberRefInput,
): Promise<Result<{ owner: { userId: string } }>> {
  const { teamId, userId } = input;
  return asSystem(db, "teams: transfer ownership", async (tx) => {
    const locked = await lockTeamAsSystem(tx, teamId, actor.id);
    if (!locked?.role) return teamNotFound();
    if (locked.role !== "owner") return fail("forbidden", "Only the team's owner may transfer ownership.");
    if (userId === actor.id) return fail("conflict", "You already own this team.");
    if (!(await memberRole(tx, teamId, userId))) {
      return fail("not_found", "Only a member of the team can become its owner. Invite them first.");
    }
    // In this order: one owner per team is a unique index, checked statement by statement.
    await tx.execute(
      sql`update team_members set role = 'admin' where team_id = ${teamId} and user_id = ${actor.id}`,
    );
    await tx.execute(
      sql`update team_members set role = 'owner' where team_id = ${teamId} and user_id = ${userId}`,
    );
    await tx.execute(sql`update teams set owner_id = ${userId} where id = ${teamId}`);
    await writeSystemAudit(tx, actor.id, {
      action: "team.ownership_transferred",
      subjectType: "user",
      subjectId: userId,
      details: { team: locked.team.name, teamId, from: actor.id, to: userId },
    });
    return { ok: true, owner: { userId } };
  });
}
