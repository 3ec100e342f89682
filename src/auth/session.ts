import { createAuthMiddleware } from "better-auth/api";
import { type Auth, getAuth } from "@/auth/auth";
import { getDb } from "@/db/client";
import { type Actor, loadActor } from "@/features/accounts/load-actor";
import { loadSessionActor } from "@/features/accounts/load-session-actor";

type AuthContext = Awaited<Auth["$context"]>;
type SessionCookie = { token: string; remembered: boolean };

/**
 * The request's session token, checked by Better Auth itself: `getSignedCookie` is the function Better
 * Auth's own getSession reads the cookie with, so a change to how Better Auth names, encodes or signs
 * its cookie changes here with it (session.integration.test.ts signs in through Better Auth and holds
 * both to the same answers). A middleware is how Better Auth hands that function to code outside it;
 * called directly it runs only this handler.
 *
 * Its answer depends on nothing but the Cookie header and the secret, so confirmed answers are kept per
 * header: the check (a WebCrypto key import and verify behind the middleware) costs about a third of a
 * millisecond, close to half of the whole lookup, and a browser sends the same header request after
 * request. Only confirmed headers are kept (a forged one never is), at most MAX_CONFIRMED of them; the
 * session itself is still read from the database every time.
 */
type CookieReader = {
  read: (input: { headers: Headers }) => Promise<SessionCookie | null>;
  confirmed: Map<string, SessionCookie>;
};

const MAX_CONFIRMED = 10_000;
const MAX_REMEMBERED_HEADER = 2048;

// One per auth instance: its cookie names and secret.
const readers = new WeakMap<AuthContext, CookieReader>();

function cookieReader(context: AuthContext): CookieReader {
  let reader = readers.get(context);
  if (!reader) {
    const { sessionToken, dontRememberToken } = context.authCookies;
    reader = {
      read: createAuthMiddleware(async (ctx): Promise<SessionCookie | null> => {
        const token = await ctx.getSignedCookie(sessionToken.name, context.secret);
        return token ? { token, remembered: !ctx.getCookie(dontRememberToken.name) } : null;
      }),
      confirmed: new Map(),
    };
    readers.set(context, reader);
  }
  return reader;
}

async function sessionCookie(context: AuthContext, headers: Headers): Promise<SessionCookie | null> {
  const header = headers.get("cookie");
  if (!header) return null;
  const reader = cookieReader(context);
  const known = reader.confirmed.get(header);
  if (known) return known;
  const found = await reader.read({ headers });
  if (found && header.length <= MAX_REMEMBERED_HEADER) {
    if (reader.confirmed.size >= MAX_CONFIRMED)
      reader.confirmed.delete(reader.confirmed.keys().next().value!);
    reader.confirmed.set(header, found);
  }
  return found;
}

/**
 * Resolves the request's session cookie to the current actor, or null for a visitor.
 *
 * Every guarded request asks this, so the usual case is one statement after the signature check:
 * app.session_actor reads session, user and profile together (role, flags and deactivation straight from
 * the database, every time). Only when the session is due for its sliding renewal does it go through
 * Better Auth's getSession, which renews it.
 */
export async function getActor(headers: Headers): Promise<Actor | null> {
  const auth = await getAuth();
  const context = await auth.$context;
  const cookie = await sessionCookie(context, headers);
  if (!cookie) return null;
  const { token, remembered } = cookie;
  const db = await getDb();
  const found = await loadSessionActor(db, token);
  if (!found) return null;
  const { expiresIn, updateAge } = context.sessionConfig;
  const renewDue = found.sessionExpiresAt.getTime() - (expiresIn - updateAge) * 1000 <= Date.now();
  if (!renewDue || !remembered) return found.actor;
  const session = await auth.api.getSession({ headers });
  return session ? loadActor(db, session.user.id) : null;
}
