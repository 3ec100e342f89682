import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import { asSystem } from "@/db/rls";
import type { TeamBillingStatus, TeamRole } from "@/db/schema/values";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { type SeatUsage, seatUsage } from "@/features/teams/seats";
import { canManage, isUuid } from "@/features/teams/team-lock";
import { type Failure, fail, type Result } from "@/lib/result";

export type TeamBillingContext = {
  team: {
    id: string;
    name: string;
    ownerId: string;
    customerId: string | null;
    subscriptionId: string | null;
    priceId: string | null;
    billingStatus: TeamBillingStatus;
    seatsPaid: number;
    periodEnd: Date | null;
    cancelAtPeriodEnd: boolean;
    /** The row version (`xmin`), which every Stripe sync of the team changes. */
    version: string;
  };
  /** The actor's role in the team; null when they are not a member. */
  role: TeamRole | null;
  usage: SeatUsage;
};

/**
 * A team's billing as the billing functions decide on it, with the actor's role and the seats used, read
 * on the system path in one short transaction (request code may not read a team's Stripe linkage
 * together with its invitations). Nothing is locked: every decision made from it is checked again
 * where it matters (by Stripe's answer, by the sync, or under the team's lock by features/teams).
 */
export async function readTeamBilling(
  db: Database,
  teamId: string,
  actorId: string,
): Promise<TeamBillingContext | null> {
  if (!isUuid(teamId)) return null;
  return asSystem(db, "team billing: read", async (tx) => {
    const [team] = await queryRows<{
      id: string;
      name: string;
      owner_id: string;
      stripe_customer_id: string | null;
      stripe_subscription_id: string | null;
      stripe_price_id: string | null;
      billing_status: TeamBillingStatus;
      seats_paid: number;
      billing_period_end: Date | string | null;
      cancel_at_period_end: boolean;
      version: string;
    }>(
      tx,
      sql`select id, name, owner_id, stripe_customer_id, stripe_subscription_id, stripe_price_id, billing_status,
            seats_paid, billing_period_end, cancel_at_period_end, xmin::text as version
          from teams where id = ${teamId}`,
    );
    if (!team) return null;
    const [member] = await queryRows<{ role: TeamRole }>(
      tx,
      sql`select role from team_members where team_id = ${teamId} and user_id = ${actorId}`,
    );
    const seatsPaid = Number(team.seats_paid);
    return {
      team: {
        id: team.id,
        name: team.name,
        ownerId: team.owner_id,
        customerId: team.stripe_customer_id,
        subscriptionId: team.stripe_subscription_id,
        priceId: team.stripe_price_id,
        billingStatus: team.billing_status,
        seatsPaid,
        periodEnd: team.billing_period_end === null ? null : new Date(team.billing_period_end),
        cancelAtPeriodEnd: team.cancel_at_period_end,
        version: team.version,
      },
      role: member?.role ?? null,
      usage: await seatUsage(tx, teamId, seatsPaid),
    };
  });
}

/**
 * Only a team's owner and admins handle its billing. Everyone else, members and outsiders alike (and
 * whether or not the team exists), gets the same refusal, so the answer tells an outsider nothing.
 */
const managersOnly = (what: string): Failure =>
  fail("forbidden", `Only the team's owner and admins may ${what}.`);

export async function readManagedTeam(
  db: Database,
  actor: Actor,
  teamId: string,
  what: string,
): Promise<Result<{ context: TeamBillingContext }>> {
  const context = await readTeamBilling(db, teamId, actor.id);
  if (!context || !canManage(context.role)) return managersOnly(what);
  return { ok: true, context };
}

/** Whether the team has a subscription that still bills (so it can be changed, and blocks a checkout). */
export const billsNow = (team: TeamBillingContext["team"]) =>
  team.subscriptionId !== null &&
  team.customerId !== null &&
  (team.billingStatus === "active" || team.billingStatus === "past_due");
