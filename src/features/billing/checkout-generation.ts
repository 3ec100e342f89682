import { sql } from "drizzle-orm";
import { asSystem } from "@/db/rls";
import { checkoutGenerations } from "@/db/schema";
import type { Database } from "@/db/types";

/**
 * The account's checkout generation for `plan`, in one statement (its row lock orders concurrent claims;
 * nothing is held across a Stripe call). The same plan as the last claim keeps the generation, so a
 * repeated click reuses its Checkout Session; another plan takes the next one. `stale` is a generation
 * whose session turned out to be paid or expired: if it is still current, it is replaced, and a
 * concurrent request that already replaced it is followed rather than outbid.
 */
export async function claimCheckoutGeneration(
  db: Database,
  userId: string,
  plan: string,
  stale?: number,
): Promise<number> {
  const g = checkoutGenerations;
  const [row] = await asSystem(db, "billing: claim checkout generation", (tx) =>
    tx
      .insert(g)
      .values({ userId, generation: 1, plan })
      .onConflictDoUpdate({
        target: g.userId,
        set: {
          generation: sql`case when ${g.plan} = excluded.plan and ${g.generation} <> ${stale ?? 0}
                               then ${g.generation} else ${g.generation} + 1 end`,
          plan: sql`excluded.plan`,
          updatedAt: sql`now()`,
        },
      })
      .returning({ generation: g.generation }),
  );
  if (!row) throw new Error(`checkout generation for ${userId} was not stored`);
  return row.generation;
}
