import type Stripe from "stripe";
import { fail, type Result } from "@/lib/result";

/** Metadata on every Checkout Session the app makes: the checkout generation it belongs to. */
export const GENERATION = "frontdeskCheckoutGeneration";

/** How often one request takes a fresh generation because its own session was already paid or expired. */
const MAX_ATTEMPTS = 3;

/** Sessions made before generations existed (no metadata) count as the oldest. */
function generationOf(session: Stripe.Checkout.Session): number {
  const value = Number(session.metadata?.[GENERATION]);
  return Number.isSafeInteger(value) ? value : 0;
}

function openSessions(stripe: Stripe, customer: string): Promise<Stripe.Checkout.Session[]> {
  return stripe.checkout.sessions
    .list({ customer, status: "open", limit: 100 })
    .autoPagingToArray({ limit: 1000 });
}

/** Expires a session; one that is no longer open (expired meanwhile, or just paid) is left as it is. */
export async function expireSession(stripe: Stripe, session: Stripe.Checkout.Session): Promise<void> {
  try {
    await stripe.checkout.sessions.expire(
      session.id,
      {},
      { idempotencyKey: `frontdesk-checkout-expire-${session.id}` },
    );
  } catch (error) {
    // Stripe refuses to expire a session that is no longer open: a concurrent request expired it, or it
    // was just paid (the sync then handles the duplicate). Only a session still open is a real failure.
    if ((error as { type?: string }).type !== "StripeInvalidRequestError") throw error;
    if ((await stripe.checkout.sessions.retrieve(session.id)).status === "open") throw error;
  }
}

/** Expires every open session of the customer (a team about to be deleted must not be paid for). */
export async function expireOpenSessions(stripe: Stripe, customer: string): Promise<void> {
  for (const session of await openSessions(stripe, customer)) await expireSession(stripe, session);
}

export type OneOpenSessionSpec = {
  customer: string;
  /** Takes the checkout generation (the same one while the intent stays the same); `stale` as claimed. */
  claim: (stale?: number) => Promise<number>;
  /** Creates the session of a generation with an idempotency key made of that generation. */
  create: (generation: number, metadata: Record<string, string>) => Promise<Stripe.Checkout.Session>;
  /** Whether a session someone else made is for what this request wants (then its URL is the answer). */
  sameIntent: (session: Stripe.Checkout.Session) => boolean;
  /** The sentence when another tab or person started a checkout for something else meanwhile. */
  superseded: string;
};

/**
 * A Checkout Session such that the customer (an account's or a team's) has at most one open, without a
 * database transaction around any Stripe call:
 * 1. A short statement hands out the checkout generation: the same one while the intent (plan, and a
 *    team's seats) stays the same, so a double click or a second tab replays one session through the
 *    idempotency key; the next one for anything else. The session carries its generation in metadata.
 * 2. Before creating, every open session of an older generation is expired, so switching plans in
 *    turn never leaves the old one payable even for a moment.
 * 3. After creating, the request lists the customer's open sessions again and expires every one older
 *    than the newest it sees. If a newer one exists this request lost the race: it answers with that
 *    session when it is for the same intent, else with a sentence.
 * Why one session remains: let G be the highest generation that got a session. Nobody expires G's
 * session (only older ones are ever expired). For any older session g, either G's session existed
 * when g's request listed after creating (g's request expires g), or it did not, and then g's session
 * existed before G's request listed after creating (G's request expires g). So once the requests have
 * settled only G's session is open, and every URL handed out that was not G's has been expired. A
 * request that fails half-way may leave none open; the next click makes one.
 */
export async function openOneCheckoutSession(
  stripe: Stripe,
  spec: OneOpenSessionSpec,
): Promise<Result<{ url: string; sessionId: string }>> {
  let stale: number | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const generation = await spec.claim(stale);
    for (const older of await openSessions(stripe, spec.customer)) {
      if (generationOf(older) < generation) await expireSession(stripe, older);
    }
    const session = await spec.create(generation, { [GENERATION]: String(generation) });

    const open = await openSessions(stripe, spec.customer);
    const newest = Math.max(generation, ...open.map(generationOf));
    for (const older of open) {
      if (generationOf(older) < newest) await expireSession(stripe, older);
    }
    if (newest > generation) {
      const winner = open.find((s) => generationOf(s) === newest);
      if (winner?.url && spec.sameIntent(winner)) return { ok: true, url: winner.url, sessionId: winner.id };
      return fail("conflict", spec.superseded);
    }
    // The answer of an idempotent replay is the session as it was when first made; the list says
    // whether it is still open. If not (paid and since ended, or expired), take a fresh generation.
    const mine = open.find((s) => s.id === session.id);
    if (mine?.url) return { ok: true, url: mine.url, sessionId: mine.id };
    stale = generation;
  }
  return fail("unavailable", "Checkout could not start. Please try again in a moment.");
}
