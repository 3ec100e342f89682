import type { Auth } from "@/auth/auth";
import type { Result } from "@/lib/result";
import { parseInput } from "@/lib/validation";
import { authFailure } from "./auth-errors";
import { resetPasswordSchema } from "./credentials-schema";

/** Sets a new password from an emailed token; every existing session of that account is revoked. */
export async function resetPassword(auth: Auth, raw: unknown, headers: Headers): Promise<Result> {
  const parsed = parseInput(resetPasswordSchema, raw);
  if (!parsed.ok) return parsed;
  try {
    await auth.api.resetPassword({
      body: { token: parsed.data.token, newPassword: parsed.data.password },
      headers,
    });
    return { ok: true };
  } catch (error) {
    return authFailure(error, "password reset");
  }
}
