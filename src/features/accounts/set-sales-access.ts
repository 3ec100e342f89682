import { eq } from "drizzle-orm";
import { z } from "zod";
import { withActor } from "@/db/rls";
import { profiles } from "@/db/schema";
import type { Database } from "@/db/types";
import { writeAudit } from "@/features/audit/write-audit";
import { fail, type Result } from "@/lib/result";
import { type Actor, isAdmin } from "./load-actor";

export const setSalesAccessSchema = z.object({
  userId: z.string().min(1, "Choose a user."),
  isSales: z.boolean(),
});
export type SetSalesAccessInput = z.infer<typeof setSalesAccessSchema>;

export async function setSalesAccess(
  db: Database,
  actor: Actor,
  input: SetSalesAccessInput,
): Promise<Result<{ userId: string; isSales: boolean }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may change sales access.");
  return withActor(db, actor, async (tx) => {
    const [before] = await tx
      .select({ isSales: profiles.isSales })
      .from(profiles)
      .where(eq(profiles.id, input.userId))
      .for("update");
    if (!before) return fail("not_found", "That user does not exist.");
    if (before.isSales === input.isSales) return { ok: true, ...input };
    await tx
      .update(profiles)
      .set({ isSales: input.isSales, updatedAt: new Date() })
      .where(eq(profiles.id, input.userId));
    await writeAudit(tx, {
      action: input.isSales ? "sales.granted" : "sales.revoked",
      subjectType: "user",
      subjectId: input.userId,
      details: { from: before.isSales, to: input.isSales },
    });
    return { ok: true, ...input };
  });
}
