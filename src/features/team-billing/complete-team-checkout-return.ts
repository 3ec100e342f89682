import type Stripe from "stripe";
import { z } from "zod";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { syncStripeCustomer } from "@/features/billing/sync-stripe-customer";
import { idText } from "@/features/teams/team-lock";
import { readTeamBilling } from "./team-billing-context";

export const teamCheckoutReturnSchema = z.object({
  teamId: idText("Choose a team."),
  sessionId: z.string().max(255),
});

/**
 * Back on the team page from checkout: the same sync the webhook runs, so the seats work at once. Any
 * member of the team may bring it about (it only makes the team match Stripe); the session must be the
 * team customer's, anything else is ignored.
 */
export async function completeTeamCheckoutReturn(
  db: Database,
  stripe: Stripe,
  actor: Actor,
  input: z.output<typeof teamCheckoutReturnSchema>,
): Promise<boolean> {
  const context = await readTeamBilling(db, input.teamId, actor.id);
  const customerId = context?.team.customerId;
  if (!context?.role || !customerId || !/^cs_[A-Za-z0-9_]+$/.test(input.sessionId)) return false;
  try {
    const session = await stripe.checkout.sessions.retrieve(input.sessionId);
    const customer = typeof session.customer === "string" ? session.customer : session.customer?.id;
    if (customer !== customerId) return false;
    return (await syncStripeCustomer(db, stripe, customerId)).outcome === "team_synced";
  } catch (error) {
    console.error("[stripe] team checkout return sync failed:", error);
    return false;
  }
}
