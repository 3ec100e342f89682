import type { Auth } from "@/auth/auth";
import { appUrl } from "@/config/env";
import type { Result } from "@/lib/result";
import { parseInput } from "@/lib/validation";
import { authFailure } from "./auth-errors";
import { requestResetSchema } from "./credentials-schema";

/**
 * Mails a reset link when the address has an account. The answer is the same either way, so the form
 * cannot be used to find out who has an account.
 */
export async function requestPasswordReset(auth: Auth, raw: unknown, headers: Headers): Promise<Result> {
  const parsed = parseInput(requestResetSchema, raw);
  if (!parsed.ok) return parsed;
  try {
    await auth.api.requestPasswordReset({
      body: { email: parsed.data.email, redirectTo: `${appUrl()}/reset-password` },
      headers,
    });
    return { ok: true };
  } catch (error) {
    return authFailure(error, "password reset request");
  }
}
