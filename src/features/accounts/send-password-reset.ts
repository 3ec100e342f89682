import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Auth } from "@/auth/auth";
import { appUrl } from "@/config/env";
import { asSystem } from "@/db/rls";
import { users } from "@/db/schema";
import type { Database } from "@/db/types";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { fail, type Result } from "@/lib/result";
import { authFailure } from "./auth-errors";
import { type Actor, isAdmin } from "./load-actor";

export const sendPasswordResetSchema = z.object({ userId: z.string().min(1, "Choose a user.") });

/** An admin sends someone the same reset link they could ask for themselves. */
export async function sendPasswordReset(
  db: Database,
  auth: Auth,
  actor: Actor,
  input: z.infer<typeof sendPasswordResetSchema>,
): Promise<Result<{ email: string }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may send password resets.");
  const [user] = await asSystem(db, "admin: reset lookup", (tx) =>
    tx.select({ email: users.email }).from(users).where(eq(users.id, input.userId)),
  );
  if (!user) return fail("not_found", "That user does not exist.");
  try {
    await auth.api.requestPasswordReset({
      body: { email: user.email, redirectTo: `${appUrl()}/reset-password` },
    });
  } catch (error) {
    return authFailure(error, "admin password reset");
  }
  await asSystem(db, "admin: reset audit", (tx) =>
    writeSystemAudit(tx, actor.id, {
      action: "account.password_reset_sent",
      subjectType: "user",
      subjectId: input.userId,
    }),
  );
  return { ok: true, email: user.email };
}
