import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/query";
import { withActor } from "@/db/rls";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { writeAudit } from "@/features/audit/write-audit";
import { fail, type Result } from "@/lib/result";
import { idText, lockTeam, teamNotFound } from "./team-lock";

export const deleteTeamSchema = z.object({ teamId: idText("Choose a team.") });
export type DeleteTeamInput = z.output<typeof deleteTeamSchema>;

/**
 * The owner deletes the team: its memberships and invitations go with it (foreign keys), so every member's
 * access through it ends with their next request. A team with a Stripe subscription is refused until the
 * subscription is canceled (SPEC §5: Stripe first); the delete policy on teams holds the same rule.
 * deleteTeamWithBilling (features/team-billing) cancels in Stripe first and then comes here.
 */
export async function deleteTeam(
  db: Database,
  actor: Actor,
  input: DeleteTeamInput,
): Promise<Result<{ deleted: { teamId: string } }>> {
  const { teamId } = input;
  return withActor(db, actor, async (tx) => {
    const role = await lockTeam(tx, teamId);
    if (!role) return teamNotFound();
    if (role !== "owner") return fail("forbidden", "Only the team's owner may delete it.");
    const [team] = await queryRows<{ name: string; stripe_subscription_id: string | null }>(
      tx,
      sql`select name, stripe_subscription_id from teams where id = ${teamId}`,
    );
    if (!team) return teamNotFound();
    if (team.stripe_subscription_id) {
      return fail(
        "conflict",
        "This team still has a subscription. Cancel the subscription first, then delete the team.",
      );
    }
    const deleted = await queryRows<{ id: string }>(
      tx,
      sql`delete from teams where id = ${teamId} returning id`,
    );
    if (deleted.length === 0)
      return fail("conflict", "This team could not be deleted. Reload and try again.");
    await writeAudit(tx, {
      action: "team.deleted",
      subjectType: "team",
      subjectId: teamId,
      details: { team: team.name },
    });
    return { ok: true, deleted: { teamId } };
  });
}
