import { sql } from "drizzle-orm";
import { z } from "zod";
import { withActor } from "@/db/rls";
import type { Database } from "@/db/types";
import { type Actor, canUseSalesConsole, isAdmin } from "@/features/accounts/load-actor";
import { writeAudit } from "@/features/audit/write-audit";
import { fail, type Result } from "@/lib/result";
import {
  explainRefusal,
  type LeadState,
  leadRef,
  readLeadState,
  recordLeadEvent,
  updateLeadIf,
} from "./lead-update";

export const releaseLeadSchema = z.object(leadRef);
export type ReleaseLeadInput = z.output<typeof releaseLeadSchema>;

/** Gives a lead back to Open. Its owner may release it; an admin may release anyone's. */
export async function releaseLead(
  db: Database,
  actor: Actor,
  input: ReleaseLeadInput,
): Promise<Result<{ lead: LeadState }>> {
  if (!canUseSalesConsole(actor)) return fail("forbidden", "Only sales reps and admins may release leads.");
  const { leadId, version } = input;
  return withActor(db, actor, async (tx) => {
    const changed = await updateLeadIf(
      tx,
      leadId,
      version,
      sql`claimed_by = null, claimed_at = null`,
      sql`l.claimed_by is not null and (l.claimed_by = ${actor.id} or app.is_admin())`,
    );
    if (!changed) {
      const current = await readLeadState(tx, leadId);
      if (current && !current.ownerId) return fail("conflict", "This lead is already open.");
      return explainRefusal(tx, actor, leadId, version);
    }
    await recordLeadEvent(tx, { leadId, type: "released", actorId: actor.id, fromUserId: changed.fromOwner });
    if (isAdmin(actor) && changed.fromOwner !== actor.id) {
      await writeAudit(tx, {
        action: "lead.released",
        subjectType: "lead",
        subjectId: leadId,
        details: { from: changed.fromOwner },
      });
    }
    return { ok: true, lead: (await readLeadState(tx, leadId))! };
  });
}
