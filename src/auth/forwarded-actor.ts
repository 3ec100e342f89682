import crypto from "node:crypto";
import type { Actor } from "@/features/accounts/load-actor";

/**
 * The proxy (the gate) resolves every guarded page request's session to its actor; it hands that actor to
 * the page's render so the layout and page do not look the session and profile up a second time.
 *
 * Next runs the proxy in the same process as the render (Node runtime), so the hand-off stays in memory:
 * the proxy files the actor under a random one-time key and puts only the key in this request header.
 * There is nothing to sign and nothing a client could forge: a key the proxy did not file, one filed for
 * other cookies, one already taken or older than 30 s finds nothing, and the page then looks the session
 * up itself. (An earlier version sealed the actor itself into the header with an HMAC of our own.)
 */
export const ACTOR_HEADER = "x-frontdesk-actor";

const MAX_AGE_MS = 30_000;

type Filed = { actor: Actor | null; cookie: string; at: number };

// The proxy and the pages are separate bundles, so separate instances of this module, in one process:
// they meet on the global object.
const SLOT = Symbol.for("frontdesk.forwarded-actors");
const slot = globalThis as { [SLOT]?: Map<string, Filed> };
slot[SLOT] ??= new Map();
const filed = slot[SLOT];

/** Files the actor (null: a visitor) for this request's render; the key goes in ACTOR_HEADER. */
export function forwardActor(
  actor: Actor | null,
  cookie: string | null | undefined,
  now = Date.now(),
): string {
  // Oldest first (insertion order): drop what no render took in time, such as a page that redirected.
  for (const [key, entry] of filed) {
    if (now - entry.at <= MAX_AGE_MS) break;
    filed.delete(key);
  }
  const key = crypto.randomUUID();
  filed.set(key, { actor, cookie: cookie ?? "", at: now });
  return key;
}

/**
 * The actor the proxy forwarded (null: a visitor), or undefined when there is none for this key and these
 * cookies. Taking it removes it: each filed actor serves one request.
 */
export function takeForwardedActor(
  key: string | null | undefined,
  cookie: string | null | undefined,
  now = Date.now(),
): Actor | null | undefined {
  if (!key) return undefined;
  const entry = filed.get(key);
  if (!entry) return undefined;
  filed.delete(key);
  if (entry.cookie !== (cookie ?? "") || now - entry.at > MAX_AGE_MS || entry.at > now + 1000)
    return undefined;
  return entry.actor;
}
