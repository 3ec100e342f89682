import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/query";
import { withActor } from "@/db/rls";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { writeAudit } from "@/features/audit/write-audit";
import type { Result } from "@/lib/result";

// Control characters have no place in a name people read in lists and mail subjects.
const CONTROL = /\p{Cc}/u;

export const teamNameSchema = z
  .string("Give the team a name.")
  .trim()
  .min(1, "Give the team a name.")
  .max(100, "Use at most 100 characters for the team's name.")
  .refine((v) => !CONTROL.test(v), "Remove the invisible control characters from the name.");

export const createTeamSchema = z.object({ name: teamNameSchema });
export type CreateTeamInput = z.output<typeof createTeamSchema>;

/**
 * Any signed-in person may create a team; they become its owner (the trigger that adds the owner as a member
 * runs in the same statement, migration 0015). A new team has no paid seats until its checkout.
 */
export async function createTeam(
  db: Database,
  actor: Actor,
  input: CreateTeamInput,
): Promise<Result<{ team: { id: string; name: string } }>> {
  return withActor(db, actor, async (tx) => {
    // Only name and owner are granted to request code: the billing columns keep their defaults.
    const [team] = await queryRows<{ id: string; name: string }>(
      tx,
      sql`insert into teams (name, owner_id) values (${input.name}, ${actor.id}) returning id, name`,
    );
    await writeAudit(tx, {
      action: "team.created",
      subjectType: "team",
      subjectId: team!.id,
      details: { team: team!.name },
    });
    return { ok: true, team: team! };
  });
}
