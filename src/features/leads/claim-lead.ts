import { sql } from "drizzle-orm";
import { z } from "zod";
import { withActor } from "@/db/rls";
import type { Database } from "@/db/types";
import { type Actor, canUseSalesConsole } from "@/features/accounts/load-actor";
import { fail, type Result } from "@/lib/result";
import {
  explainRefusal,
  type LeadState,
  leadRef,
  readLeadState,
  recordLeadEvent,
  updateLeadIf,
} from "./lead-update";

export const claimLeadSchema = z.object(leadRef);
export type ClaimLeadInput = z.output<typeof claimLeadSchema>;

/** The Claim button: an open lead becomes the actor's. Of several people claiming at once, one wins. */
export async function claimLead(
  db: Database,
  actor: Actor,
  input: ClaimLeadInput,
): Promise<Result<{ lead: LeadState }>> {
  if (!canUseSalesConsole(actor)) return fail("forbidden", "Only sales reps and admins may claim leads.");
  const { leadId, version } = input;
  return withActor(db, actor, async (tx) => {
    const changed = await updateLeadIf(
      tx,
      leadId,
      version,
      sql`claimed_by = ${actor.id}, claimed_at = now()`,
      sql`l.claimed_by is null`,
    );
    if (!changed) {
      const current = await readLeadState(tx, leadId);
      if (current?.ownerId === actor.id) return fail("conflict", "This lead is already yours.");
      return explainRefusal(tx, actor, leadId, version, { adminMayOverride: false });
    }
    await recordLeadEvent(tx, { leadId, type: "claimed", actorId: actor.id, toUserId: actor.id });
    return { ok: true, lead: (await readLeadState(tx, leadId))! };
  });
}
