import type { Auth } from "@/auth/auth";
import type { Result } from "@/lib/result";
import { parseInput } from "@/lib/validation";
import { authFailure } from "./auth-errors";
import { signInSchema } from "./credentials-schema";

export async function signIn(
  auth: Auth,
  raw: unknown,
  headers: Headers,
): Promise<Result<{ userId: string }>> {
  const parsed = parseInput(signInSchema, raw);
  if (!parsed.ok) return parsed;
  try {
    const result = await auth.api.signInEmail({ body: parsed.data, headers });
    return { ok: true, userId: result.user.id };
  } catch (error) {
    return authFailure(error, "sign-in");
  }
}
