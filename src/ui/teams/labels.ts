import type { TeamDetail, TeamMemberRow } from "@/features/teams/get-team";

export type TeamRoleName = TeamMemberRow["role"];
export type TeamBillingStatusName = TeamDetail["billing"]["status"];

export const roleLabel: Record<TeamRoleName, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
};

/** "an admin", "the owner": how a sentence names a role. */
export const roleInSentence: Record<TeamRoleName, string> = {
  owner: "the owner",
  admin: "an admin",
  member: "a member",
};

export const billingStatusLabel: Record<TeamBillingStatusName, string> = {
  none: "No subscription",
  active: "Active",
  past_due: "Past due",
  inactive: "Inactive",
};

export const billingStatusTone: Record<TeamBillingStatusName, "green" | "amber" | "red" | "slate"> = {
  none: "slate",
  active: "green",
  past_due: "amber",
  inactive: "red",
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const seatsWord = (n: number) => plural(n, "seat", "seats");
export const membersWord = (n: number) => plural(n, "member", "members");

/** Why a member has no seat, in the words the spec asks for: fewer paid seats than members. */
export function noSeatReason(seatsPaid: number, members: number): string {
  return seatsPaid === 0
    ? "The team has not bought any seats yet."
    : `The team pays for ${seatsWord(seatsPaid)} and has ${membersWord(members)}: seats go to the owner first, then by join order.`;
}
