import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { appUrl, authSecret } from "@/config/env";
import { getDb } from "@/db/client";
import { asSystem } from "@/db/rls";
import { accounts, sessions, users, verifications } from "@/db/schema";
import type { Database } from "@/db/types";
import { MIN_PASSWORD_LENGTH } from "@/features/accounts/credentials-schema";
import { existingAccountMail } from "@/features/accounts/existing-account-mail";
import { isDeactivated } from "@/features/accounts/is-deactivated";
import { passwordResetMail } from "@/features/accounts/password-reset-mail";
import { verifyEmailMail } from "@/features/accounts/verify-email-mail";
import { enqueueMail } from "@/features/notifications/enqueue-mail";
import { consumeRateLimit } from "@/features/rate-limit/consume-rate-limit";
import { CLIENT_ADDRESS_HEADER, clientIp } from "@/lib/client-ip";
import { CREDENTIAL_LIMITS, credentialLimitsOn } from "./credential-limits";

type AuthPlugins = NonNullable<Parameters<typeof betterAuth>[0]["plugins"]>;

/** Better Auth's verification token is a JWT; one for an email change names the address it changes to. */
function isEmailChangeToken(token: string): boolean {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());
    return typeof payload?.updateTo === "string";
  } catch {
    return false;
  }
}

/** `extraPlugins` lets the test suite add Better Auth's test utilities without shipping them. */
export function createAuth(db: Database, extraPlugins: AuthPlugins = []) {
  return betterAuth({
    baseURL: appUrl(),
    secret: authSecret(),
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: 128,
      // Sign-up answers the same whether or not the address already has an account (SPEC §11), so it
      // cannot sign the new account in: the verification link does that.
      autoSignIn: false,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      onExistingUserSignUp: async ({ user }) => {
        await asSystem(db, "existing-account-mail", (tx) =>
          enqueueMail(tx, existingAccountMail(user.email, user.name, appUrl())),
        );
      },
      sendResetPassword: async ({ user, url }) => {
        await asSystem(db, "password-reset-mail", (tx) =>
          enqueueMail(tx, passwordResetMail(user.email, user.name, url)),
        );
      },
    },
    // An address is proven by opening the link mailed to it: after sign-up (which links the account to
    // its leads, migration 0009, and signs it in), and before a new sign-in email takes effect.
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      sendVerificationEmail: async ({ user, url, token }) => {
        const purpose = isEmailChangeToken(token) ? "change" : "sign-up";
        await asSystem(db, "verify-email-mail", (tx) =>
          enqueueMail(tx, verifyEmailMail(user.email, user.name, url, purpose)),
        );
      },
    },
    user: { changeEmail: { enabled: true } },
    databaseHooks: {
      session: {
        create: {
          // A deactivated account cannot sign in (SPEC §8); its existing sessions were revoked on deactivation.
          before: async (session) => {
            if (await isDeactivated(db, session.userId)) {
              throw new APIError("FORBIDDEN", {
                code: "ACCOUNT_DEACTIVATED",
                message: "This account has been deactivated. Contact your administrator.",
              });
            }
          },
        },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    hooks: {
      // The ways into an account are limited here rather than by Better Auth's HTTP limiter, which the
      // server's own auth.api calls (the sign-in and sign-up forms) never pass through.
      before: createAuthMiddleware(async (ctx) => {
        const rule = CREDENTIAL_LIMITS[ctx.path];
        // A call without request headers is the server's own (the demo seed), not a visitor's attempt.
        if (!rule || !credentialLimitsOn() || !ctx.headers) return;
        const address = clientIp(ctx.headers);
        const decision = await consumeRateLimit(db, `auth:${ctx.path}:${address}`, rule);
        if (!decision.allowed) {
          throw new APIError("TOO_MANY_REQUESTS", {
            code: "TOO_MANY_REQUESTS",
            message: "Too many attempts. Wait a minute and try again.",
          });
        }
      }),
    },
    // Better Auth's own limiter keeps its general limit on the other endpoints; the credential paths are
    // left to the hook above so each attempt is counted once. Counters live in Postgres, so every app
    // server counts together, keyed by the address the server determined (never X-Forwarded-For).
    rateLimit: {
      enabled: credentialLimitsOn(),
      window: 10,
      max: 100,
      customRules: Object.fromEntries(Object.keys(CREDENTIAL_LIMITS).map((path) => [path, false])),
      customStorage: { consume: (key, rule) => consumeRateLimit(db, `auth:${key}`, rule) },
    },
    advanced: { ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] } },
    telemetry: { enabled: false },
    plugins: [nextCookies(), ...extraPlugins],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const cache = new WeakMap<Database, Auth>();

export function registerAuth(db: Database, auth: Auth): void {
  cache.set(db, auth);
}

/** The Better Auth instance bound to the process's database. */
export async function getAuth(): Promise<Auth> {
  const db = await getDb();
  let auth = cache.get(db);
  if (!auth) {
    auth = createAuth(db);
    cache.set(db, auth);
  }
  return auth;
}
