import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import type { Tx } from "@/db/types";

/** Seats of a team (SPEC §5): used = members (the owner included) + pending, unexpired invitations. */
export type SeatUsage = { members: number; pending: number; used: number; paid: number; free: number };

const usageOf = (row: { members: number; pending: number } | undefined, paid: number): SeatUsage => {
  const members = Number(row?.members ?? 0);
  const pending = Number(row?.pending ?? 0);
  const used = members + pending;
  return { members, pending, used, paid, free: Math.max(0, paid - used) };
};

/** On the system path, under the team's lock: the one definition, app.team_seat_usage (migration 0015). */
export async function seatUsage(tx: Tx, teamId: string, paid: number): Promise<SeatUsage> {
  const [row] = await queryRows<{ members: number; pending: number }>(
    tx,
    sql`select members, pending from app.team_seat_usage(${teamId}::uuid)`,
  );
  return usageOf(row, paid);
}

/** On the request path: the same numbers for any member of the team (and app admins), via its wrapper. */
export async function actorSeatUsage(tx: Tx, teamId: string, paid: number): Promise<SeatUsage> {
  const [row] = await queryRows<{ members: number; pending: number }>(
    tx,
    sql`select members, pending from app.actor_team_seat_usage(${teamId}::uuid)`,
  );
  return usageOf(row, paid);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Why an invitation cannot be sent: how many seats are free (none) and how to make room. */
export function noFreeSeatMessage(usage: SeatUsage): string {
  if (usage.paid === 0) {
    return "This team has no paid seats yet, so no seat is free. Buy seats under Billing on this page, then invite people.";
  }
  const takenBy = [
    plural(usage.members, "member", "members"),
    ...(usage.pending > 0 ? [plural(usage.pending, "pending invitation", "pending invitations")] : []),
  ].join(" and ");
  const room = usage.pending > 0 ? "revoke an invitation" : "remove a member";
  const seats = plural(usage.paid, "paid seat", "paid seats");
  const taken =
    usage.used > usage.paid
      ? `No seat is free: the team has ${seats} and ${takenBy}.`
      : `No seat is free: ${usage.paid === 1 ? "the 1 paid seat is" : `all ${seats} are`} taken by ${takenBy}.`;
  return `${taken} Add seats under Billing on this page, or ${room}.`;
}
