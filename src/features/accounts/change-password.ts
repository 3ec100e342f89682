import type { z } from "zod";
import type { Auth } from "@/auth/auth";
import type { Result } from "@/lib/result";
import { authFailure } from "./auth-errors";
import type { changePasswordSchema } from "./credentials-schema";

/** Changes the signed-in person's password and signs out their other sessions. */
export async function changePassword(
  auth: Auth,
  input: z.infer<typeof changePasswordSchema>,
  headers: Headers,
): Promise<Result> {
  try {
    await auth.api.changePassword({ body: { ...input, revokeOtherSessions: true }, headers });
    return { ok: true };
  } catch (error) {
    return authFailure(error, "password change");
  }
}
