import { and, eq, isNull } from "drizzle-orm";
import type Stripe from "stripe";
import { asSystem } from "@/db/rls";
import { teams } from "@/db/schema";
import type { Database } from "@/db/types";

/**
 * The team's own Stripe customer, created at most once. Whoever of its owners and admins starts the first
 * checkout, the request is the same (the team's name and id, under one idempotency key), so concurrent
 * first checkouts get one customer from Stripe, and the conditional update stores it once.
 */
export async function ensureTeamCustomer(
  db: Database,
  stripe: Stripe,
  team: { id: string; name: string },
): Promise<string> {
  const stored = async () =>
    (
      await asSystem(db, "team billing: read customer", (tx) =>
        tx.select({ id: teams.stripeCustomerId }).from(teams).where(eq(teams.id, team.id)),
      )
    )[0]?.id ?? null;
  const existing = await stored();
  if (existing) return existing;
  const customer = await stripe.customers.create(
    { name: team.name, metadata: { frontdeskTeamId: team.id } },
    { idempotencyKey: `frontdesk-team-customer-${team.id}` },
  );
  await asSystem(db, "team billing: link customer", (tx) =>
    tx
      .update(teams)
      .set({ stripeCustomerId: customer.id })
      .where(and(eq(teams.id, team.id), isNull(teams.stripeCustomerId))),
  );
  return (await stored()) ?? customer.id;
}
