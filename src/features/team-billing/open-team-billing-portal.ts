import type Stripe from "stripe";
import { appUrl } from "@/config/env";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { stripeFailure } from "@/features/billing/stripe-failure";
import { fail, type Result } from "@/lib/result";
import { readManagedTeam } from "./team-billing-context";

/** The team customer's Stripe portal (its subscription, seats, invoices), for its owner and admins. */
export async function openTeamBillingPortal(
  db: Database,
  stripe: Stripe,
  actor: Actor,
  teamId: string,
): Promise<Result<{ url: string }>> {
  const managed = await readManagedTeam(db, actor, teamId, "manage its billing");
  if (!managed.ok) return managed;
  const { team } = managed.context;
  if (!team.customerId) {
    return fail("conflict", "This team has no billing account yet. Buy seats for it first.");
  }
  try {
    const session = await stripe.billingPortal.sessions.create({
      customer: team.customerId,
      return_url: `${appUrl()}/team/${team.id}`,
    });
    return { ok: true, url: session.url };
  } catch (error) {
    return stripeFailure(error, "team portal");
  }
}
