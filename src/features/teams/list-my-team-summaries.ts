import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import { withActor } from "@/db/rls";
import type { TeamBillingStatus, TeamRole } from "@/db/schema/values";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import type { Result } from "@/lib/result";

export type MyTeamSummary = {
  id: string;
  name: string;
  role: TeamRole;
  joinedAt: Date;
  owner: { name: string; email: string };
  members: number;
  /** Pending, unexpired invitations (they hold seats). */
  pending: number;
  seatsUsed: number;
  seatsPaid: number;
  billingStatus: TeamBillingStatus;
  periodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  /** Whether the seats paid reach the actor's place (the owner first, then by join order). */
  holdsSeat: boolean;
  /** Whether the team's subscription gives its seat holders access now (active, or past_due in grace). */
  teamGivesAccess: boolean;
  /** Both: this team gives the actor access right now. */
  givesMeAccess: boolean;
};

/**
 * The actor's teams with what `/team` and `/upgrade` tell them about each: seats used and paid, the owner
 * to ask, and whether the team has a seat for them and gives access, so someone without one can be told
 * why. On the request path: a member reads their teams, co-members and the seat counts under RLS.
 */
export async function listMyTeamSummaries(
  db: Database,
  actor: Actor,
): Promise<Result<{ teams: MyTeamSummary[] }>> {
  const rows = await withActor(db, actor, (tx) =>
    queryRows<{
      id: string;
      name: string;
      role: TeamRole;
      joined_at: Date | string;
      owner_name: string | null;
      owner_email: string | null;
      seats_paid: number;
      billing_status: TeamBillingStatus;
      billing_period_end: Date | string | null;
      cancel_at_period_end: boolean;
      holds_seat: boolean;
      team_gives_access: boolean;
      has_access: boolean;
      members: number | null;
      pending: number | null;
    }>(
      tx,
      sql`select t.id, t.name, s.role, s.joined_at, o.name as owner_name, o.email as owner_email,
            t.seats_paid, t.billing_status, t.billing_period_end, t.cancel_at_period_end,
            s.holds_seat, s.team_gives_access, s.has_access, u.members, u.pending
          from app.team_seats s
          join teams t on t.id = s.team_id
          left join users o on o.id = t.owner_id
          left join lateral app.actor_team_seat_usage(t.id) u on true
          where s.user_id = ${actor.id}
          order by lower(t.name), t.id`,
    ),
  );
  return {
    ok: true,
    teams: rows.map((r) => {
      const members = Number(r.members ?? 0);
      const pending = Number(r.pending ?? 0);
      return {
        id: r.id,
        name: r.name,
        role: r.role,
        joinedAt: new Date(r.joined_at),
        owner: { name: r.owner_name ?? "", email: r.owner_email ?? "" },
        members,
        pending,
        seatsUsed: members + pending,
        seatsPaid: Number(r.seats_paid),
        billingStatus: r.billing_status,
        periodEnd: r.billing_period_end === null ? null : new Date(r.billing_period_end),
        cancelAtPeriodEnd: r.cancel_at_period_end,
        holdsSeat: r.holds_seat,
        teamGivesAccess: r.team_gives_access,
        givesMeAccess: r.has_access,
      };
    }),
  };
}
