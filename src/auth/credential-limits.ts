import type { RateLimitRule } from "@/features/rate-limit/consume-rate-limit";

/**
 * How often one client address may try each way into an account (SPEC §11). These are enforced in a
 * Better Auth before-hook, which runs for its HTTP endpoints and for the server's own `auth.api` calls
 * (the sign-in and sign-up forms) alike, so there is one counter per address and path, however it is
 * reached.
 */
export const CREDENTIAL_LIMITS: Record<string, RateLimitRule> = {
  "/sign-in/email": { window: 60, max: 10 },
  "/sign-up/email": { window: 600, max: 5 },
  "/request-password-reset": { window: 600, max: 5 },
  "/reset-password": { window: 600, max: 10 },
  "/change-email": { window: 600, max: 5 },
  "/change-password": { window: 600, max: 10 },
};

export const credentialLimitsOn = () => process.env.AUTH_RATE_LIMIT !== "off";
