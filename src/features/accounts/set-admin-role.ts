import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/query";
import { withActor } from "@/db/rls";
import { profiles } from "@/db/schema";
import type { Role } from "@/db/schema/values";
import type { Database } from "@/db/types";
import { writeAudit } from "@/features/audit/write-audit";
import { fail, type Result } from "@/lib/result";
import { type Actor, isAdmin } from "./load-actor";

export const setAdminRoleSchema = z.object({
  userId: z.string().min(1, "Choose a user."),
  admin: z.boolean(),
});
export type SetAdminRoleInput = z.infer<typeof setAdminRoleSchema>;

export async function setAdminRole(
  db: Database,
  actor: Actor,
  input: SetAdminRoleInput,
): Promise<Result<{ userId: string; role: Role }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may change roles.");
  if (!input.admin && input.userId === actor.id) {
    return fail("conflict", "You cannot remove your own admin role. Ask another admin to do it.");
  }
  const role = input.admin ? "admin" : "member";
  return withActor(db, actor, async (tx) => {
    // Lock every admin row so two admins demoting each other at once cannot leave the system with none.
    const admins = await queryRows<{ id: string }>(
      tx,
      sql`select id from profiles where role = 'admin' and deactivated_at is null for update`,
    );
    // The actor may have lost the role while waiting for that lock (another admin was faster): answer as
    // the database now stands.
    if (!admins.some((a) => a.id === actor.id)) return fail("forbidden", "Only admins may change roles.");
    const target = await tx
      .select({ role: profiles.role })
      .from(profiles)
      .where(eq(profiles.id, input.userId));
    if (!target[0]) return fail("not_found", "That user does not exist.");
    if (target[0].role === role) return { ok: true, userId: input.userId, role };
    if (role === "member" && admins.length <= 1) {
      return fail("conflict", "This is the last admin. Make someone else an admin first.");
    }
    await tx.update(profiles).set({ role, updatedAt: new Date() }).where(eq(profiles.id, input.userId));
    await writeAudit(tx, {
      action: input.admin ? "role.admin_granted" : "role.admin_revoked",
      subjectType: "user",
      subjectId: input.userId,
      details: { from: target[0].role, to: role },
    });
    return { ok: true, userId: input.userId, role };
  });
}
