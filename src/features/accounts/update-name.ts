import type { Auth } from "@/auth/auth";
import type { Result } from "@/lib/result";
import { authFailure } from "./auth-errors";

export async function updateName(
  auth: Auth,
  name: string,
  headers: Headers,
): Promise<Result<{ name: string }>> {
  try {
    await auth.api.updateUser({ body: { name }, headers });
    return { ok: true, name };
  } catch (error) {
    return authFailure(error, "name change");
  }
}
