import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import { withActor } from "@/db/rls";
import type { TeamBillingStatus, TeamRole } from "@/db/schema/values";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import type { Result } from "@/lib/result";

export type MyTeam = {
  id: string;
  name: string;
  role: TeamRole;
  joinedAt: Date;
  members: number;
  seatsPaid: number;
  billingStatus: TeamBillingStatus;
  /** Whether this team gives the actor access right now (a seat, and a subscription that gives access). */
  givesMeAccess: boolean;
};

/** The teams the actor belongs to, by name (`/team`). */
export async function listMyTeams(db: Database, actor: Actor): Promise<Result<{ teams: MyTeam[] }>> {
  const rows = await withActor(db, actor, (tx) =>
    queryRows<{
      id: string;
      name: string;
      role: TeamRole;
      joined_at: Date | string;
      members: number;
      seats_paid: number;
      billing_status: TeamBillingStatus;
      has_access: boolean;
    }>(
      tx,
      sql`select t.id, t.name, s.role, s.joined_at, t.seats_paid, t.billing_status, s.has_access,
            (select count(*)::integer from team_members m where m.team_id = t.id) as members
          from app.team_seats s join teams t on t.id = s.team_id
          where s.user_id = ${actor.id}
          order by lower(t.name), t.id`,
    ),
  );
  return {
    ok: true,
    teams: rows.map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
      joinedAt: new Date(r.joined_at),
      members: Number(r.members),
      seatsPaid: Number(r.seats_paid),
      billingStatus: r.billing_status,
      givesMeAccess: r.has_access,
    })),
  };
}
