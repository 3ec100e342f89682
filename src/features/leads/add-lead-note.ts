import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/query";
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

export const addLeadNoteSchema = z.object({
  ...leadRef,
  body: z
    .string("Write a note first.")
    .trim()
    .min(1, "Write a note first.")
    .max(5000, "Use at most 5,000 characters for a note."),
});
export type AddLeadNoteInput = z.output<typeof addLeadNoteSchema>;

export type LeadNote = {
  id: string;
  body: string;
  authorId: string | null;
  authorName: string;
  createdAt: Date;
};

/**
 * Adds a timestamped note by the actor. Like every edit it carries the version the author saw, and it is
 * allowed on open leads, the actor's own, and (for admins) any.
 */
export async function addLeadNote(
  db: Database,
  actor: Actor,
  input: AddLeadNoteInput,
): Promise<Result<{ lead: LeadState; note: LeadNote }>> {
  if (!canUseSalesConsole(actor)) return fail("forbidden", "Only sales reps and admins may add notes.");
  const { leadId, version, body } = input;
  return withActor(db, actor, async (tx) => {
    const changed = await updateLeadIf(
      tx,
      leadId,
      version,
      null,
      sql`l.claimed_by is null or l.claimed_by = ${actor.id} or app.is_admin()`,
    );
    if (!changed) return explainRefusal(tx, actor, leadId, version);
    const [note] = await queryRows<{ id: string; created_at: Date | string }>(
      tx,
      sql`insert into lead_notes (lead_id, author_id, body) values (${leadId}, ${actor.id}, ${body})
          returning id, created_at`,
    );
    await recordLeadEvent(tx, {
      leadId,
      type: "note_added",
      actorId: actor.id,
      details: { noteId: note!.id },
    });
    return {
      ok: true,
      lead: (await readLeadState(tx, leadId))!,
      note: {
        id: note!.id,
        body,
        authorId: actor.id,
        authorName: actor.name,
        createdAt: new Date(note!.created_at),
      },
    };
  });
}
