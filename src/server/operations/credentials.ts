// The public account operations: sign up, sign in, and the password reset a signed-out person asks for.
import { z } from "zod";
import { getAuth } from "@/auth/auth";
import { requestPasswordReset, resetPassword, signIn, signUp } from "@/auth/credentials";
import {
  requestResetSchema,
  resetPasswordSchema,
  safeNextPath,
  signInSchema,
  signUpSchema,
} from "@/features/accounts/credentials-schema";
import { defineOperation } from "./define-operation";

export const signUpOperation = defineOperation({
  name: "sign up",
  access: "public",
  input: signUpSchema.extend({
    next: z
      .unknown()
      .optional()
      .transform((v) => safeNextPath(v)),
  }),
  run: async ({ headers }, { next, ...input }) => signUp(await getAuth(), input, headers, next),
});

export const signInOperation = defineOperation({
  name: "sign in",
  access: "public",
  input: signInSchema,
  run: async ({ headers }, input) => signIn(await getAuth(), input, headers),
});

export const requestPasswordResetOperation = defineOperation({
  name: "request password reset",
  access: "public",
  input: requestResetSchema,
  run: async ({ headers }, input) => requestPasswordReset(await getAuth(), input, headers),
});

export const resetPasswordOperation = defineOperation({
  name: "reset password",
  access: "public",
  input: resetPasswordSchema,
  run: async ({ headers }, input) => resetPassword(await getAuth(), input, headers),
});

/** Ends the request's session; without one there is nothing to end, which is not an error. */
export const signOutOperation = defineOperation({
  name: "sign out",
  access: "public",
  input: z.unknown(),
  run: async ({ headers }) => {
    await (await getAuth()).api.signOut({ headers }).catch(() => undefined);
    return { ok: true };
  },
});
