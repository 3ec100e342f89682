import { eq } from "drizzle-orm";
import { z } from "zod";
import { asSystem } from "@/db/rls";
import { users } from "@/db/schema";
import type { Database } from "@/db/types";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { fail, type Result } from "@/lib/result";
import { type Actor, isAdmin } from "./load-actor";

export const sendPasswordResetSchema = z.object({ userId: z.string().min(1, "Choose a user.") });

/**
 * An admin sends someone the same reset link they could ask for themselves; `mailResetLink` is the
 * self-service path (Better Auth's), handed in by the operation.
 * It runs on the system path, so the admin checks here and in the operation are the guard: row-level
 * security does not check the actor again.
 */
export async function sendPasswordReset(
  db: Database,
  actor: Actor,
  input: z.infer<typeof sendPasswordResetSchema>,
  mailResetLink: (email: string) => Promise<Result>,
): Promise<Result<{ email: string }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may send password resets.");
  const [user] = await asSystem(db, "admin: reset lookup", (tx) =>
    tx.select({ email: users.email }).from(users).where(eq(users.id, input.userId)),
  );
  if (!user) return fail("not_found", "That user does not exist.");
  const mailed = await mailResetLink(user.email);
  if (!mailed.ok) return mailed;
  await asSystem(db, "admin: reset audit", (tx) =>
    writeSystemAudit(tx, actor.id, {
      action: "account.password_reset_sent",
      subjectType: "user",
      subjectId: input.userId,
    }),
  );
  return { ok: true, email: user.email };
}
