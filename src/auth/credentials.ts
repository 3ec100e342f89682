// Sign-up, sign-in and the account's own credential changes, through Better Auth's API (so its hashing,
// sessions and cookies apply). Each takes input already parsed with the schemas in
// features/accounts/credentials-schema.ts and answers Better Auth's errors as sentences.
import type { z } from "zod";
import { appUrl } from "@/config/env";
import type {
  changeEmailSchema,
  changePasswordSchema,
  requestResetSchema,
  resetPasswordSchema,
  signInSchema,
  signUpSchema,
  updateNameSchema,
} from "@/features/accounts/credentials-schema";
import type { Result } from "@/lib/result";
import type { Auth } from "./auth";
import { authFailure } from "./auth-errors";

type Input<S extends z.ZodType> = z.output<S>;

/**
 * Creates an account (its profile and 14-day trial come with it) and mails the link that verifies the
 * address and signs it in. With auto sign-in off, Better Auth answers an address that already has an
 * account exactly as a new one, after the same password hashing, and mails its owner instead
 * (onExistingUserSignUp in auth.ts): nobody learns which addresses have accounts (SPEC §11).
 */
export async function signUp(
  auth: Auth,
  input: Input<typeof signUpSchema>,
  headers: Headers,
  next = "/dashboard",
): Promise<Result<{ email: string }>> {
  try {
    await auth.api.signUpEmail({ body: { ...input, callbackURL: next }, headers });
    return { ok: true, email: input.email };
  } catch (error) {
    return authFailure(error, "sign-up");
  }
}

export async function signIn(
  auth: Auth,
  input: Input<typeof signInSchema>,
  headers: Headers,
): Promise<Result<{ userId: string }>> {
  try {
    const result = await auth.api.signInEmail({ body: input, headers });
    return { ok: true, userId: result.user.id };
  } catch (error) {
    return authFailure(error, "sign-in");
  }
}

/**
 * Mails a reset link when the address has an account. The answer is the same either way, so the form
 * cannot be used to find out who has an account.
 */
export async function requestPasswordReset(
  auth: Auth,
  input: Input<typeof requestResetSchema>,
  headers?: Headers,
): Promise<Result> {
  try {
    await auth.api.requestPasswordReset({
      body: { email: input.email, redirectTo: `${appUrl()}/reset-password` },
      headers,
    });
    return { ok: true };
  } catch (error) {
    return authFailure(error, "password reset request");
  }
}

/** Sets a new password from an emailed token; every existing session of that account is revoked. */
export async function resetPassword(
  auth: Auth,
  input: Input<typeof resetPasswordSchema>,
  headers: Headers,
): Promise<Result> {
  try {
    await auth.api.resetPassword({ body: { token: input.token, newPassword: input.password }, headers });
    return { ok: true };
  } catch (error) {
    return authFailure(error, "password reset");
  }
}

/** Changes the signed-in person's password and signs out their other sessions. */
export async function changePassword(
  auth: Auth,
  input: Input<typeof changePasswordSchema>,
  headers: Headers,
): Promise<Result> {
  try {
    await auth.api.changePassword({ body: { ...input, revokeOtherSessions: true }, headers });
    return { ok: true };
  } catch (error) {
    return authFailure(error, "password change");
  }
}

/** Mails a confirmation link to the new address; the sign-in email changes when it is opened. */
export async function changeEmail(
  auth: Auth,
  input: Input<typeof changeEmailSchema>,
  headers: Headers,
): Promise<Result<{ email: string }>> {
  try {
    await auth.api.changeEmail({
      body: { newEmail: input.email, callbackURL: `${appUrl()}/settings/account` },
      headers,
    });
    return { ok: true, email: input.email };
  } catch (error) {
    return authFailure(error, "email change");
  }
}

export async function updateName(
  auth: Auth,
  input: Input<typeof updateNameSchema>,
  headers: Headers,
): Promise<Result<{ name: string }>> {
  try {
    await auth.api.updateUser({ body: { name: input.name }, headers });
    return { ok: true, name: input.name };
  } catch (error) {
    return authFailure(error, "name change");
  }
}
