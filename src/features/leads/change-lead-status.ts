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
import { LEAD_STATUSES, LOSS_REASONS } from "./options";

export const changeLeadStatusSchema = z
  .object({
    ...leadRef,
    status: z.enum(LEAD_STATUSES, "Choose a status from the list."),
    lossReason: z.preprocess(
      (v) => (v === "" || v === null ? undefined : v),
      z.enum(LOSS_REASONS, "Choose a reason from the list.").optional(),
    ),
    lossNote: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z.string().trim().max(1000, "Use at most 1,000 characters.").optional(),
    ),
  })
  .superRefine((v, ctx) => {
    if (v.status === "closed_lost" && !v.lossReason) {
      ctx.addIssue({ code: "custom", path: ["lossReason"], message: "Choose why this lead was lost." });
    }
  });
export type ChangeLeadStatusInput = z.output<typeof changeLeadStatusSchema>;

/**
 * Sets a lead's status (any status from any other). On an open lead this also claims it for the actor.
 * A rep may change only open leads and their own; an admin any. The timeline records who, when, from, to.
 * The first real change is the lead's first contact (the dashboard's clock); the stage reached and the
 * win follow from the status in a trigger (migration 0017).
 */
export async function changeLeadStatus(
  db: Database,
  actor: Actor,
  input: ChangeLeadStatusInput,
): Promise<Result<{ lead: LeadState }>> {
  if (!canUseSalesConsole(actor)) return fail("forbidden", "Only sales reps and admins may change leads.");
  const { leadId, version, status, lossReason, lossNote } = input;
  return withActor(db, actor, async (tx) => {
    const changed = await updateLeadIf(
      tx,
      leadId,
      version,
      sql`status = ${status},
          claimed_by = coalesce(l.claimed_by, ${actor.id}),
          claimed_at = case when l.claimed_by is null then now() else l.claimed_at end,
          loss_reason = ${status === "closed_lost" ? (lossReason ?? null) : null},
          first_contact_by = case when l.first_contact_at is null and l.status <> ${status}
            then ${actor.id} else l.first_contact_by end,
          first_contact_at = case when l.first_contact_at is null and l.status <> ${status}
            then now() else l.first_contact_at end`,
      sql`l.claimed_by is null or l.claimed_by = ${actor.id} or app.is_admin()`,
    );
    if (!changed) return explainRefusal(tx, actor, leadId, version);
    if (changed.fromOwner === null) {
      await recordLeadEvent(tx, { leadId, type: "claimed", actorId: actor.id, toUserId: actor.id });
    }
    if (changed.fromStatus !== status) {
      await recordLeadEvent(tx, {
        leadId,
        type: "status_changed",
        actorId: actor.id,
        fromStatus: changed.fromStatus,
        toStatus: status,
        details: status === "closed_lost" ? { lossReason, lossNote: lossNote ?? null } : {},
      });
    }
    return { ok: true, lead: (await readLeadState(tx, leadId))! };
  });
}
