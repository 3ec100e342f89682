import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/query";
import { withActor } from "@/db/rls";
import type { Database } from "@/db/types";
import { type Actor, isAdmin } from "@/features/accounts/load-actor";
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

export const reassignLeadSchema = z.object({
  ...leadRef,
  toUserId: z.string().trim().min(1, "Choose a sales rep or an admin."),
});
export type ReassignLeadInput = z.output<typeof reassignLeadSchema>;

/** An admin gives a lead to any sales rep or admin (or, with releaseLead, back to Open). */
export async function reassignLead(
  db: Database,
  actor: Actor,
  input: ReassignLeadInput,
): Promise<Result<{ lead: LeadState }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may reassign leads.");
  const { leadId, version, toUserId } = input;
  return withActor(db, actor, async (tx) => {
    const [target] = await queryRows<{ id: string }>(
      tx,
      sql`select p.id from profiles p
          where p.id = ${toUserId} and (p.is_sales or p.role = 'admin') and p.deactivated_at is null`,
    );
    if (!target) {
      return fail("invalid", "Choose a sales rep or an admin.", {
        toUserId: "Choose a sales rep or an admin.",
      });
    }
    const changed = await updateLeadIf(
      tx,
      leadId,
      version,
      sql`claimed_by = ${toUserId}, claimed_at = now()`,
      sql`app.is_admin()`,
    );
    if (!changed) return explainRefusal(tx, actor, leadId, version);
    if (changed.fromOwner !== toUserId) {
      await recordLeadEvent(tx, {
        leadId,
        type: "reassigned",
        actorId: actor.id,
        fromUserId: changed.fromOwner,
        toUserId,
      });
      await writeAudit(tx, {
        action: "lead.reassigned",
        subjectType: "lead",
        subjectId: leadId,
        details: { from: changed.fromOwner, to: toUserId },
      });
    }
    return { ok: true, lead: (await readLeadState(tx, leadId))! };
  });
}
