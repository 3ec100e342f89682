import { eq } from "drizzle-orm";
import { asSystem } from "@/db/rls";
import { profiles } from "@/db/schema";
import type { Database } from "@/db/types";

/** The Stripe linkage of an account (kept out of the session actor: only billing code needs it). */
export async function billingProfile(db: Database, userId: string) {
  const [row] = await asSystem(db, "billing: read linkage", (tx) =>
    tx
      .select({
        customerId: profiles.stripeCustomerId,
        subscriptionId: profiles.stripeSubscriptionId,
        priceId: profiles.stripePriceId,
        cancelAtPeriodEnd: profiles.cancelAtPeriodEnd,
        billingExempt: profiles.billingExempt,
      })
      .from(profiles)
      .where(eq(profiles.id, userId)),
  );
  return row ?? null;
}
