import type Stripe from "stripe";
import { asSystem } from "@/db/rls";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { expireOpenSessions } from "@/features/billing/one-open-session";
import { LIVE_STATUSES } from "@/features/billing/pick-subscription";
import { syncStripeCustomer } from "@/features/billing/sync-stripe-customer";
import { type DeleteTeamInput, deleteTeam } from "@/features/teams/delete-team";
import { teamNotFound } from "@/features/teams/team-lock";
import { fail, type Result } from "@/lib/result";
import { readTeamBilling } from "./team-billing-context";

/** Ends everything that could still bill the customer: open checkouts first, then live subscriptions. */
async function stopBilling(stripe: Stripe, customer: string, teamId: string): Promise<string[]> {
  await expireOpenSessions(stripe, customer);
  const listed = await stripe.subscriptions.list({ customer, status: "all", limit: 100 });
  const canceled: string[] = [];
  for (const sub of listed.data.filter((s) => LIVE_STATUSES.has(s.status))) {
    await stripe.subscriptions.cancel(
      sub.id,
      {},
      { idempotencyKey: `frontdesk-team-delete-${teamId}-${sub.id}` },
    );
    canceled.push(sub.id);
  }
  return canceled;
}

async function auditCanceled(
  db: Database,
  actor: Actor,
  team: { id: string; name: string },
  canceled: string[],
): Promise<void> {
  if (canceled.length === 0) return;
  await asSystem(db, "team billing: audit cancellation", async (tx) => {
    for (const subscription of canceled) {
      await writeSystemAudit(tx, actor.id, {
        action: "team.subscription_canceled",
        subjectType: "team",
        subjectId: team.id,
        details: { team: team.name, subscription, reason: "team deleted" },
      });
    }
  });
}

/**
 * The owner deletes a team that may be paying (SPEC §5): Stripe first, with no transaction open. Open
 * checkouts are expired (so nothing can be paid for from here on) and every live subscription is
 * canceled at once; if Stripe refuses or cannot be reached, nothing in the database changes and the owner
 * is told why. Then the sync records the cancellation (which unlinks the subscription) and deleteTeam
 * removes the team, its memberships and invitations, with its own checks under the team's lock. If a
 * subscription appeared in between, deleteTeam refuses, and a second try cancels that one too.
 *
 * A checkout that read the team just before the deletion and creates its session just after is caught
 * twice over: that checkout checks the team again once its session exists (and expires it), and the
 * deletion, once committed, ends whatever the customer still has open.
 */
export async function deleteTeamWithBilling(
  db: Database,
  stripe: Stripe | null,
  actor: Actor,
  input: DeleteTeamInput,
): Promise<Result<{ deleted: { teamId: string }; canceledSubscriptions: string[] }>> {
  const context = await readTeamBilling(db, input.teamId, actor.id);
  if (!context?.role) return teamNotFound();
  if (context.role !== "owner") return fail("forbidden", "Only the team's owner may delete it.");
  const { team } = context;

  let canceled: string[] = [];
  if (team.customerId) {
    if (!stripe) {
      return fail(
        "unavailable",
        "Payments are not configured on this server, so the team's subscription cannot be canceled. Nothing was changed.",
      );
    }
    try {
      canceled = await stopBilling(stripe, team.customerId, team.id);
    } catch (error) {
      console.error(`[stripe] canceling before deleting team ${team.id} failed:`, error);
      return fail(
        "unavailable",
        `Stripe did not cancel the team's subscription (${(error as Error).message}). The team was not deleted; try again in a moment.`,
      );
    }
    await auditCanceled(db, actor, team, canceled);
    try {
      await syncStripeCustomer(db, stripe, team.customerId);
    } catch (error) {
      console.error(`[stripe] sync before deleting team ${team.id} failed:`, error);
      return fail(
        "unavailable",
        "The team's subscription was canceled, but the team could not be deleted yet. Try again in a moment.",
      );
    }
  }

  const deleted = await deleteTeam(db, actor, input);
  if (!deleted.ok) return deleted;
  if (team.customerId && stripe) {
    try {
      const late = await stopBilling(stripe, team.customerId, team.id);
      await auditCanceled(db, actor, team, late);
      canceled.push(...late);
    } catch (error) {
      console.error(`[stripe] final cleanup of deleted team ${team.id}'s customer failed:`, error);
    }
  }
  return { ...deleted, canceledSubscriptions: canceled };
}
