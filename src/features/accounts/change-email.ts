import type { Auth } from "@/auth/auth";
import { appUrl } from "@/config/env";
import type { Result } from "@/lib/result";
import { authFailure } from "./auth-errors";

export async function changeEmail(
  auth: Auth,
  email: string,
  headers: Headers,
): Promise<Result<{ email: string }>> {
  try {
    await auth.api.changeEmail({
      body: { newEmail: email, callbackURL: `${appUrl()}/settings/account` },
      headers,
    });
    return { ok: true, email };
  } catch (error) {
    return authFailure(error, "email change");
  }
}
