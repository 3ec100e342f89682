import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/query";
import { withActor } from "@/db/rls";
import type { TeamBillingStatus, TeamInvitationRole, TeamRole } from "@/db/schema/values";
import type { Database } from "@/db/types";
import { type Actor, isAdmin } from "@/features/accounts/load-actor";
import type { Result } from "@/lib/result";
import { actorSeatUsage, type SeatUsage } from "./seats";
import { canManage, idText, isUuid, teamNotFound } from "./team-lock";

export const getTeamSchema = z.object({ teamId: idText("Choose a team.") });
export type GetTeamInput = z.output<typeof getTeamSchema>;

export type TeamMemberRow = {
  userId: string;
  name: string;
  email: string;
  role: TeamRole;
  joinedAt: Date;
  /** Place in the seat order: the owner first, then by join order. */
  seat: number;
  /** Whether the seats paid reach this place (members beyond them have no access through the team). */
  holdsSeat: boolean;
};

export type TeamInvitationRow = {
  id: string;
  email: string;
  role: TeamInvitationRole;
  invitedByName: string | null;
  createdAt: Date;
  expiresAt: Date;
  /** Expired invitations hold no seat; they can be resent or revoked. */
  expired: boolean;
};

export type TeamDetail = {
  id: string;
  name: string;
  createdAt: Date;
  /** The actor's role; null for an app admin looking at a team they are not in. */
  myRole: TeamRole | null;
  members: TeamMemberRow[];
  /** Open invitations (neither accepted nor revoked), for the team's owners and admins and app admins. */
  invitations: TeamInvitationRow[] | null;
  seats: SeatUsage;
  /** Members without a seat (Stripe shows fewer seats than members): owners and admins see a warning. */
  membersWithoutSeat: number;
  billing: {
    status: TeamBillingStatus;
    /** Whether the subscription gives the seat holders access now (active, or past_due in grace). */
    givesAccess: boolean;
    hasSubscription: boolean;
    stripeCustomerId: string | null;
    stripePriceId: string | null;
    periodEnd: Date | null;
    cancelAtPeriodEnd: boolean;
    graceEndsAt: Date | null;
  };
};

const date = (value: Date | string | null) => (value === null ? null : new Date(value));

/**
 * One team as its page shows it (`/team/[id]`): members with names, roles, join dates and seats, the seats
 * used and paid, billing, and for owners and admins the open invitations. Members of the team and app
 * admins may read it; row-level security holds the same rule.
 */
export async function getTeam(
  db: Database,
  actor: Actor,
  input: GetTeamInput,
): Promise<Result<{ team: TeamDetail }>> {
  if (!isUuid(input.teamId)) return teamNotFound();
  return withActor(db, actor, async (tx) => {
    const [team] = await queryRows<{
      id: string;
      name: string;
      created_at: Date | string;
      billing_status: TeamBillingStatus;
      seats_paid: number;
      stripe_customer_id: string | null;
      stripe_subscription_id: string | null;
      stripe_price_id: string | null;
      billing_period_end: Date | string | null;
      cancel_at_period_end: boolean;
      grace_ends_at: Date | string | null;
    }>(
      tx,
      sql`select id, name, created_at, billing_status, seats_paid, stripe_customer_id, stripe_subscription_id,
            stripe_price_id, billing_period_end, cancel_at_period_end, grace_ends_at
          from teams where id = ${input.teamId}`,
    );
    if (!team) return teamNotFound();
    const members = await queryRows<{
      user_id: string;
      name: string | null;
      email: string | null;
      role: TeamRole;
      joined_at: Date | string;
      seat: number;
      holds_seat: boolean;
      team_gives_access: boolean;
    }>(
      tx,
      sql`select s.user_id, u.name, u.email, s.role, s.joined_at, s.seat, s.holds_seat, s.team_gives_access
          from app.team_seats s left join users u on u.id = s.user_id
          where s.team_id = ${input.teamId}
          order by s.seat`,
    );
    const myRole = members.find((m) => m.user_id === actor.id)?.role ?? null;
    if (!myRole && !isAdmin(actor)) return teamNotFound();
    const seatsPaid = Number(team.seats_paid);
    const seats = await actorSeatUsage(tx, input.teamId, seatsPaid);
    let invitations: TeamInvitationRow[] | null = null;
    if (canManage(myRole) || isAdmin(actor)) {
      const open = await queryRows<{
        id: string;
        email: string;
        role: TeamInvitationRole;
        invited_by_name: string | null;
        created_at: Date | string;
        expires_at: Date | string;
        expired: boolean;
      }>(
        tx,
        sql`select i.id, i.email, i.role, u.name as invited_by_name, i.created_at, i.expires_at,
              i.expires_at <= now() as expired
            from team_invitations i left join users u on u.id = i.invited_by
            where i.team_id = ${input.teamId} and i.accepted_at is null and i.revoked_at is null
            order by i.created_at, i.id`,
      );
      invitations = open.map((i) => ({
        id: i.id,
        email: i.email,
        role: i.role,
        invitedByName: i.invited_by_name,
        createdAt: new Date(i.created_at),
        expiresAt: new Date(i.expires_at),
        expired: i.expired,
      }));
    }
    return {
      ok: true,
      team: {
        id: team.id,
        name: team.name,
        createdAt: new Date(team.created_at),
        myRole,
        members: members.map((m) => ({
          userId: m.user_id,
          name: m.name ?? "A former member",
          email: m.email ?? "",
          role: m.role,
          joinedAt: new Date(m.joined_at),
          seat: Number(m.seat),
          holdsSeat: m.holds_seat,
        })),
        invitations,
        seats,
        membersWithoutSeat: members.filter((m) => !m.holds_seat).length,
        billing: {
          status: team.billing_status,
          givesAccess: members[0]?.team_gives_access ?? false,
          hasSubscription: team.stripe_subscription_id !== null,
          stripeCustomerId: team.stripe_customer_id,
          stripePriceId: team.stripe_price_id,
          periodEnd: date(team.billing_period_end),
          cancelAtPeriodEnd: team.cancel_at_period_end,
          graceEndsAt: date(team.grace_ends_at),
        },
      },
    };
  });
}
