import { sql } from "drizzle-orm";
import { asSystem } from "@/db/rls";
import { teamCheckoutGenerations } from "@/db/schema";
import type { Database } from "@/db/types";

/**
 * The team's checkout generation for `intent` (the plan and the seats), in one statement, as
 * claimCheckoutGeneration does for an account: the same intent keeps the generation, so a double click,
 * a second tab or a second admin asking for the same replays one Checkout Session; anything else takes
 * the next one. `stale`: a generation whose session was already paid or expired.
 */
export async function claimTeamCheckoutGeneration(
  db: Database,
  teamId: string,
  intent: string,
  stale?: number,
): Promise<number> {
  const g = teamCheckoutGenerations;
  const [row] = await asSystem(db, "team billing: claim checkout generation", (tx) =>
    tx
      .insert(g)
      .values({ teamId, generation: 1, plan: intent })
      .onConflictDoUpdate({
        target: g.teamId,
        set: {
          generation: sql`case when ${g.plan} = excluded.plan and ${g.generation} <> ${stale ?? 0}
                               then ${g.generation} else ${g.generation} + 1 end`,
          plan: sql`excluded.plan`,
          updatedAt: sql`now()`,
        },
      })
      .returning({ generation: g.generation }),
  );
  if (!row) throw new Error(`checkout generation for team ${teamId} was not stored`);
  return row.generation;
}
