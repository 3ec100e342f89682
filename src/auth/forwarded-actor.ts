import crypto from "node:crypto";
import { authSecret } from "@/config/env";
import type { Actor } from "@/features/accounts/load-actor";

/**
 * The proxy (the gate) resolves every guarded page request's session to its actor; it hands that actor to
 * the page's render in this request header so the layout and page do not look the session up a second
 * time (a session and a profile read per request). The header is sealed with the auth secret and dated:
 * a value a client sends is not signed, or stale, and is ignored (the page then looks the session up
 * itself), so it can never stand in for a session. It is also bound to the request's cookies, so a
 * sealed value could not be replayed with another session even if it leaked.
 */
export const ACTOR_HEADER = "x-frontdesk-actor";

const MAX_AGE_MS = 30_000;

const sign = (payload: string) =>
  crypto.createHmac("sha256", `forwarded-actor:${authSecret()}`).update(payload).digest("base64url");

const DATE_FIELDS = ["trialEndsAt", "graceEndsAt", "billingPeriodEnd"] as const;

const cookieDigest = (cookie: string | null | undefined) =>
  crypto
    .createHash("sha256")
    .update(cookie ?? "")
    .digest("base64url");

export function sealActor(actor: Actor | null, cookie: string | null | undefined, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ actor, at: now, cookie: cookieDigest(cookie) })).toString(
    "base64url",
  );
  return `${payload}.${sign(payload)}`;
}

/** The actor the proxy forwarded (null: a visitor), or undefined when the header is missing, forged or stale. */
export function openActor(
  value: string | null | undefined,
  cookie: string | null | undefined,
  now = Date.now(),
): Actor | null | undefined {
  if (!value) return undefined;
  const [payload, signature] = value.split(".");
  if (!payload || !signature) return undefined;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return undefined;
  try {
    const {
      actor,
      at,
      cookie: boundTo,
    } = JSON.parse(Buffer.from(payload, "base64url").toString()) as {
      actor: (Omit<Actor, (typeof DATE_FIELDS)[number]> & Record<string, string | null>) | null;
      at: number;
      cookie: string;
    };
    if (boundTo !== cookieDigest(cookie)) return undefined;
    if (typeof at !== "number" || at > now + 1000 || now - at > MAX_AGE_MS) return undefined;
    if (!actor) return null;
    const dates = Object.fromEntries(
      DATE_FIELDS.map((k) => [k, actor[k] ? new Date(actor[k] as string) : null]),
    ) as Pick<Actor, (typeof DATE_FIELDS)[number]>;
    return { ...(actor as unknown as Actor), ...dates };
  } catch {
    return undefined;
  }
}
