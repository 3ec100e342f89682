import { eq } from "drizzle-orm";
import { z } from "zod";
import { asSystem } from "@/db/rls";
import { profiles, sessions } from "@/db/schema";
import type { Database } from "@/db/types";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { fail, type Result } from "@/lib/result";
import { type Actor, isAdmin } from "./load-actor";

export const setUserActiveSchema = z.object({
  userId: z.string().min(1, "Choose a user."),
  active: z.boolean(),
});

/**
 * Deactivating refuses sign-in and revokes every session at once (sessions are Better Auth's table, so
 * this is system work after the admin check); reactivating lets them sign in again.
 * It runs on the system path, so the admin checks here and in the operation are the guard: row-level
 * security does not check the actor again.
 */
export async function setUserActive(
  db: Database,
  actor: Actor,
  input: z.infer<typeof setUserActiveSchema>,
): Promise<Result<{ userId: string; active: boolean }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may deactivate accounts.");
  if (input.userId === actor.id) return fail("conflict", "You cannot deactivate your own account.");
  return asSystem(db, "admin: account activation", async (tx) => {
    const [target] = await tx.select().from(profiles).where(eq(profiles.id, input.userId)).for("update");
    if (!target) return fail("not_found", "That user does not exist.");
    if (!input.active && target.role === "admin") {
      return fail("conflict", "Remove this person's admin role before deactivating the account.");
    }
    if (Boolean(target.deactivatedAt) === !input.active) return { ok: true, ...input };
    await tx
      .update(profiles)
      .set({ deactivatedAt: input.active ? null : new Date(), updatedAt: new Date() })
      .where(eq(profiles.id, input.userId));
    if (!input.active) await tx.delete(sessions).where(eq(sessions.userId, input.userId));
    await writeSystemAudit(tx, actor.id, {
      action: input.active ? "account.reactivated" : "account.deactivated",
      subjectType: "user",
      subjectId: input.userId,
    });
    return { ok: true, ...input };
  });
}
