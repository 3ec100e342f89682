import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/query";
import type { TeamRole } from "@/db/schema/values";
import type { Tx } from "@/db/types";
import { type Failure, fail } from "@/lib/result";

// The team's row is its lock: every change to a team's members, roles or invitations takes it first
// (README.md, "Locking"), then reads what it decides on. Whoever acted before has committed by then, and in
// READ COMMITTED every later statement of the transaction sees what they did.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Any text is accepted as an id: one that is not a team's (malformed or not) is simply not found. */
export const idText = (message: string) => z.string(message).trim().min(1, message).max(100, message);

export const isUuid = (value: string) => UUID.test(value);

export const canManage = (role: TeamRole | null): role is "owner" | "admin" =>
  role === "owner" || role === "admin";

export const teamNotFound = (): Failure =>
  fail("not_found", "This team does not exist, or you are not a member of it.");

export const managersOnly = (what: string): Failure =>
  fail("forbidden", `Only the team's owner and admins may ${what}.`);

/**
 * On the request path: locks the team for a member of it (app.lock_team, since request code has no right to
 * lock the row itself) and answers their role as it is under the lock; null when they are not a member.
 */
export async function lockTeam(tx: Tx, teamId: string): Promise<TeamRole | null> {
  if (!isUuid(teamId)) return null;
  const [row] = await queryRows<{ role: TeamRole | null }>(
    tx,
    sql`select app.lock_team(${teamId}::uuid) as role`,
  );
  return row?.role ?? null;
}

export type LockedTeam = {
  id: string;
  name: string;
  seatsPaid: number;
  stripeSubscriptionId: string | null;
};

/**
 * On the system path: locks the team's row and reads it, with the actor's role in the team (null: not a
 * member). Null when there is no such team.
 */
export async function lockTeamAsSystem(
  tx: Tx,
  teamId: string,
  actorId: string,
): Promise<{ team: LockedTeam; role: TeamRole | null } | null> {
  if (!isUuid(teamId)) return null;
  const [team] = await queryRows<{
    id: string;
    name: string;
    seats_paid: number;
    stripe_subscription_id: string | null;
  }>(tx, sql`select id, name, seats_paid, stripe_subscription_id from teams where id = ${teamId} for update`);
  if (!team) return null;
  const [member] = await queryRows<{ role: TeamRole }>(
    tx,
    sql`select role from team_members where team_id = ${teamId} and user_id = ${actorId}`,
  );
  return {
    team: {
      id: team.id,
      name: team.name,
      seatsPaid: Number(team.seats_paid),
      stripeSubscriptionId: team.stripe_subscription_id,
    },
    role: member?.role ?? null,
  };
}

/** The team's name, for audit entries and answers (the actor may read it: they are a member). */
export async function teamName(tx: Tx, teamId: string): Promise<string> {
  const [row] = await queryRows<{ name: string }>(tx, sql`select name from teams where id = ${teamId}`);
  return row?.name ?? "";
}

/** A member's role in the team, or null. */
export async function memberRole(tx: Tx, teamId: string, userId: string): Promise<TeamRole | null> {
  const [row] = await queryRows<{ role: TeamRole }>(
    tx,
    sql`select role from team_members where team_id = ${teamId} and user_id = ${userId}`,
  );
  return row?.role ?? null;
}

/** How many members the team has (for a member, all of them are readable). */
export async function memberCount(tx: Tx, teamId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::integer as n from team_members where team_id = ${teamId}`,
  );
  return Number(row?.n ?? 0);
}
