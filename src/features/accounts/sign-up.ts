import type { Auth } from "@/auth/auth";
import type { Result } from "@/lib/result";
import { parseInput } from "@/lib/validation";
import { authFailure } from "./auth-errors";
import { signUpSchema } from "./credentials-schema";

/** Creates an account (its profile and 14-day trial come with it) and signs it in. */
export async function signUp(
  auth: Auth,
  raw: unknown,
  headers: Headers,
): Promise<Result<{ userId: string }>> {
  const parsed = parseInput(signUpSchema, raw);
  if (!parsed.ok) return parsed;
  try {
    const result = await auth.api.signUpEmail({ body: parsed.data, headers });
    return { ok: true, userId: result.user.id };
  } catch (error) {
    return authFailure(error, "sign-up");
  }
}
