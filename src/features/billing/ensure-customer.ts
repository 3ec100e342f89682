import { and, eq, isNull } from "drizzle-orm";
import type Stripe from "stripe";
import { asSystem } from "@/db/rls";
import { profiles } from "@/db/schema";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";

/**
 * The account's Stripe customer, created at most once. Concurrent first checkouts send the same
 * idempotency key, so Stripe answers both with one customer, and the conditional update stores it once.
 */
export async function ensureCustomer(db: Database, stripe: Stripe, actor: Actor): Promise<string> {
  const stored = async () =>
    (
      await asSystem(db, "billing: read customer", (tx) =>
        tx.select({ id: profiles.stripeCustomerId }).from(profiles).where(eq(profiles.id, actor.id)),
      )
    )[0]?.id ?? null;
  const existing = await stored();
  if (existing) return existing;
  const customer = await stripe.customers.create(
    { email: actor.email, name: actor.name, metadata: { frontdeskUserId: actor.id } },
    { idempotencyKey: `frontdesk-customer-${actor.id}` },
  );
  await asSystem(db, "billing: link customer", (tx) =>
    tx
      .update(profiles)
      .set({ stripeCustomerId: customer.id, updatedAt: new Date() })
      .where(and(eq(profiles.id, actor.id), isNull(profiles.stripeCustomerId))),
  );
  return (await stored()) ?? customer.id;
}
