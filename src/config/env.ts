import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { isTimeZone } from "@/lib/format";

const DEV_SECRET_FILE = "data/auth-secret";

/**
 * Demo mode is what `npm start` runs: the embedded database, demo data and a generated auth secret.
 * The server (`scripts/serve.mjs`, like `next start`) always sets NODE_ENV=production, so the start
 * script marks demo mode explicitly and anything else is treated as production.
 */
export const isDemoMode = () => process.env.FRONTDESK_DEMO === "1";
const isProduction = () => process.env.NODE_ENV === "production" && !isDemoMode();

/** The public base URL of the app; every link in mail and every Stripe return URL is built from it. */
export function appUrl(): string {
  return (process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

/**
 * The secret that signs sessions. Production refuses to run without a real one; development keeps a
 * random one in the data folder so sessions survive restarts without anyone committing a secret.
 */
export function authSecret(): string {
  const fromEnv = process.env.BETTER_AUTH_SECRET;
  if (fromEnv && fromEnv.length >= 32) return fromEnv;
  if (isProduction()) {
    throw new Error(
      "BETTER_AUTH_SECRET must be set to a random string of at least 32 characters in production " +
        "(for example: openssl rand -base64 32).",
    );
  }
  const file = path.resolve(/* turbopackIgnore: true */ DEV_SECRET_FILE);
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    const secret = crypto.randomBytes(32).toString("base64url");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

export function smtpUrl(): string | undefined {
  return process.env.SMTP_URL || undefined;
}

export function mailFrom(): string {
  return process.env.MAIL_FROM ?? "Frontdesk <no-reply@frontdesk.local>";
}

// The last name found valid: checking builds an Intl formatter, too dear for every request.
let knownZone: string | undefined;

/**
 * The time zone every date and time is shown in (an IANA name such as "Europe/Berlin"), and the one the
 * reports bucket days and weeks by. Default UTC; an unknown name stops the server at start-up.
 */
export function appTimeZone(): string {
  const zone = process.env.APP_TIMEZONE?.trim() || "UTC";
  if (zone === knownZone) return zone;
  if (!isTimeZone(zone)) {
    throw new Error(
      `APP_TIMEZONE "${zone}" is not a time zone name this server knows (try "UTC" or "Europe/Berlin").`,
    );
  }
  knownZone = zone;
  return zone;
}
