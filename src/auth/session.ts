import crypto from "node:crypto";
import { parseCookies } from "better-auth/cookies";
import { getAuth } from "@/auth/auth";
import { getDb } from "@/db/client";
import { type Actor, loadActor } from "@/features/accounts/load-actor";
import { loadSessionActor } from "@/features/accounts/load-session-actor";

/**
 * Resolves the request's session cookie to the current actor, or null for a visitor.
 *
 * Every guarded request asks this, so the usual case is one statement: the cookie's signature is checked
 * here exactly as Better Auth signs it (HMAC-SHA256 with the auth secret), then app.session_actor reads
 * session, user and profile together. Only when the session is due for its sliding renewal does it go
 * through Better Auth's getSession, which renews it.
 */
export async function getActor(headers: Headers): Promise<Actor | null> {
  const auth = await getAuth();
  const context = await auth.$context;
  const cookies = parseCookies(headers.get("cookie") ?? "");
  const token = verifiedValue(cookies.get(context.authCookies.sessionToken.name), context.secret);
  if (!token) return null;
  const db = await getDb();
  const found = await loadSessionActor(db, token);
  if (!found) return null;
  const { expiresIn, updateAge } = context.sessionConfig;
  const renewDue = found.sessionExpiresAt.getTime() - (expiresIn - updateAge) * 1000 <= Date.now();
  const remembered = !cookies.has(context.authCookies.dontRememberToken.name);
  if (!renewDue || !remembered) return found.actor;
  const session = await auth.api.getSession({ headers });
  return session ? loadActor(db, session.user.id) : null;
}

/** The value of a cookie signed as `value.base64(HMAC-SHA256(value))`, or null when the signature is wrong. */
function verifiedValue(cookie: string | undefined, secret: string): string | null {
  if (!cookie) return null;
  const dot = cookie.lastIndexOf(".");
  if (dot < 1) return null;
  const value = cookie.slice(0, dot);
  const given = Buffer.from(cookie.slice(dot + 1));
  const expected = Buffer.from(crypto.createHmac("sha256", secret).update(value).digest("base64"));
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? value : null;
}
