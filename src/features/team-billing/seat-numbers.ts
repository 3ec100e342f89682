import { z } from "zod";
import type { SeatUsage } from "@/features/teams/seats";

/** More than any team here needs; a typo of an extra zero should not become an invoice. */
export const MAX_SEATS = 1000;

const SEATS_MESSAGE = `Choose a whole number of seats from 1 to ${MAX_SEATS}.`;

export const seatsField = z
  .number({ message: SEATS_MESSAGE })
  .int(SEATS_MESSAGE)
  .min(1, SEATS_MESSAGE)
  .max(MAX_SEATS, SEATS_MESSAGE);

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 seats are in use (2 members and 1 pending invitation)": what stops a team from having fewer. */
export function seatsInUse(usage: SeatUsage): string {
  const parts = [plural(usage.members, "member", "members")];
  if (usage.pending > 0) parts.push(plural(usage.pending, "pending invitation", "pending invitations"));
  return `${plural(usage.used, "seat is", "seats are")} in use (${parts.join(" and ")})`;
}
