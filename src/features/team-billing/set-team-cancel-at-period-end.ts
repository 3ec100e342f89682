import type Stripe from "stripe";
import type { TeamBillingStatus } from "@/db/schema/values";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { stripeFailure } from "@/features/billing/stripe-failure";
import { syncStripeCustomer } from "@/features/billing/sync-stripe-customer";
import { fail, type Result } from "@/lib/result";
import { billsNow, readManagedTeam } from "./team-billing-context";

/**
 * Cancels the team's subscription at the end of its paid period (true), or undoes that (false), then
 * syncs so the page is current. Members keep their seats until the period ends, when Stripe ends the
 * subscription and the sync records it.
 */
export async function setTeamCancelAtPeriodEnd(
  db: Database,
  stripe: Stripe,
  actor: Actor,
  teamId: string,
  cancel: boolean,
): Promise<Result<{ cancelAtPeriodEnd: boolean; billingStatus: TeamBillingStatus }>> {
  const managed = await readManagedTeam(
    db,
    actor,
    teamId,
    cancel ? "cancel its subscription" : "resume its subscription",
  );
  if (!managed.ok) return managed;
  const { team } = managed.context;
  if (!billsNow(team)) return fail("conflict", "This team has no subscription to change.");
  try {
    await stripe.subscriptions.update(team.subscriptionId!, { cancel_at_period_end: cancel });
    const synced = await syncStripeCustomer(db, stripe, team.customerId!);
    if (synced.outcome !== "team_synced") return fail("not_found", "This team no longer exists.");
    return {
      ok: true,
      cancelAtPeriodEnd: synced.to.cancelAtPeriodEnd,
      billingStatus: synced.to.billingStatus,
    };
  } catch (error) {
    return stripeFailure(error, cancel ? "team cancel" : "team resume");
  }
}
