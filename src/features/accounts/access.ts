// The one rule that decides who may use the member area (SPEC §4). The gate, pages and APIs all call it.
import type { MembershipStatus, Role } from "@/db/schema/values";

export type { MembershipStatus };

export type AccessSubject = {
  role: Role;
  isSales: boolean;
  billingExempt: boolean;
  membershipStatus: MembershipStatus;
  trialEndsAt: Date | null;
  graceEndsAt: Date | null;
  /**
   * True when a team whose subscription gives access (active, or past_due within its grace period) has a
   * seat for this person: seats go to the owner first, then by join order, up to the seats paid. Worked
   * out in the database whenever the actor is read (the view app.team_seats, migration 0015), so removing
   * a member or a lapse of the team's payment takes effect on the next request.
   */
  hasTeamSeat?: boolean;
};

export type AccessReason = "admin" | "sales" | "billing_exempt" | "trial" | "active" | "grace" | "team_seat";
export type DenialReason = "trial_ended" | "grace_ended" | "inactive";

export type AccessDecision =
  | { allowed: true; reason: AccessReason }
  | { allowed: false; reason: DenialReason };

export function memberAccess(subject: AccessSubject, now: Date = new Date()): AccessDecision {
  if (subject.role === "admin") return { allowed: true, reason: "admin" };
  if (subject.isSales) return { allowed: true, reason: "sales" };
  if (subject.billingExempt) return { allowed: true, reason: "billing_exempt" };
  if (subject.hasTeamSeat) return { allowed: true, reason: "team_seat" };
  switch (subject.membershipStatus) {
    case "active":
      return { allowed: true, reason: "active" };
    case "trial":
      return subject.trialEndsAt && subject.trialEndsAt > now
        ? { allowed: true, reason: "trial" }
        : { allowed: false, reason: "trial_ended" };
    case "past_due":
      // Fail closed: a past_due account without a recorded grace end has no grace.
      return subject.graceEndsAt && subject.graceEndsAt > now
        ? { allowed: true, reason: "grace" }
        : { allowed: false, reason: "grace_ended" };
    default:
      return { allowed: false, reason: "inactive" };
  }
}

export function trialDaysLeft(trialEndsAt: Date | null, now: Date = new Date()): number {
  if (!trialEndsAt) return 0;
  return Math.max(0, Math.ceil((trialEndsAt.getTime() - now.getTime()) / 86_400_000));
}

export const denialMessages: Record<DenialReason, string> = {
  trial_ended: "Your free trial has ended. Choose a plan to keep using Frontdesk.",
  grace_ended:
    "Your last payment failed and the grace period is over. Update your payment details to continue.",
  inactive: "Your membership is not active. Choose a plan to continue.",
};
