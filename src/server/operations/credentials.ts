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
import { gateDecision } from "@/features/accounts/gate";
import { loadActor } from "@/features/accounts/load-actor";
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

/**
 * Signs in and says where to land: `next` if the account may see it, else where the gate would send it
 * (a lapsed member asking for /dashboard lands on /upgrade, so the address bar shows the page shown).
 */
export const signInOperation = defineOperation({
  name: "sign in",
  access: "public",
  input: signInSchema.extend({
    next: z
      .unknown()
      .optional()
      .transform((v) => safeNextPath(v)),
  }),
  run: async ({ db, headers }, { next, ...input }) => {
    const signedIn = await signIn(await getAuth(), input, headers);
    if (!signedIn.ok) return signedIn;
    const actor = await loadActor(db, signedIn.userId);
    if (!actor) return { ok: true, userId: signedIn.userId, destination: next };
    // Follow the gate as the browser would (/admin → /dashboard → /upgrade), to the page that is shown.
    let destination = next;
    for (let hop = 0; hop < 3; hop++) {
      const target = new URL(destination, "http://frontdesk.invalid");
      const decision = gateDecision(target.pathname, target.search, actor);
      if (decision.action === "pass") break;
      destination = decision.to;
    }
    return { ok: true, userId: signedIn.userId, destination };
  },
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
