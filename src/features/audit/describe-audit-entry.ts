import type { MembershipStatus } from "@/db/schema/values";
import { formatMoney } from "@/lib/format";
import { isAuditAction } from "./audit-actions";

/** An audit entry with the names its ids stand for, as listAuditEntries reads it. */
export type NamedAuditEntry = {
  action: string;
  actorName: string | null;
  subjectType: string;
  subjectName: string | null;
  details: Record<string, unknown>;
  /** Names of the users the details mention by id (a lead's previous and new owner). */
  names: Record<string, string>;
};

const MEMBERSHIP: Record<MembershipStatus, string> = {
  trial: "Trial",
  active: "Active",
  past_due: "Past due",
  inactive: "Inactive",
};

const TEAM_BILLING: Record<string, string> = {
  none: "No subscription",
  active: "Active",
  past_due: "Past due",
  inactive: "Inactive",
};

const TEAM_ROLE: Record<string, string> = { owner: "the owner", admin: "an admin", member: "a member" };

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);
const count = (value: unknown) => (typeof value === "number" ? value : 0);

/**
 * One audit entry as a sentence with names ("Ada Admin made Tina Trial billing exempt: Partner
 * programme"). Names of people or leads that no longer exist read as such, never as raw ids.
 */
export function describeAuditEntry(entry: NamedAuditEntry): string {
  const who = entry.actorName ?? "The system";
  const subject =
    entry.subjectName ?? (entry.subjectType === "lead" ? "a deleted lead" : "a deleted account");
  const whose = `${subject}’s`;
  const d = entry.details;
  const person = (id: unknown) =>
    typeof id === "string" ? (entry.names[id] ?? "a former team member") : "Open";
  // Team entries name the team as it was called then: a deleted team has no row left to name it.
  const team = text(d.team) ?? "a team";
  const invitee = text(d.email) ?? "someone";
  const teamRole = TEAM_ROLE[String(d.role)] ?? "a member";
  // A team's own billing entries (duplicates canceled or refunded) are about the team, not an account.
  const payer = entry.subjectType === "team" ? `the team ${team}` : subject;
  if (!isAuditAction(entry.action)) return `${who}: ${entry.action}`;
  switch (entry.action) {
    case "role.admin_granted":
      return `${who} made ${subject} an admin`;
    case "role.admin_revoked":
      return `${who} removed ${whose} admin role`;
    case "sales.granted":
      return `${who} gave ${subject} the Sales Console`;
    case "sales.revoked":
      return `${who} took the Sales Console away from ${subject}`;
    case "account.deactivated":
      return `${who} deactivated ${whose} account`;
    case "account.reactivated":
      return `${who} reactivated ${whose} account`;
    case "account.deleted":
      return `${who} deleted the account of ${text(d.email) ?? subject}`;
    case "account.password_reset_sent":
      return `${who} sent ${subject} a password-reset link`;
    case "billing.exemption_on":
      return `${who} made ${subject} billing exempt${text(d.reason) ? `: ${text(d.reason)}` : ""}`;
    case "billing.exemption_off":
      return `${who} ended ${whose} billing exemption`;
    case "billing.reconciled":
      return `${who} reconciled billing with Stripe: ${count(d.checked)} checked, ${count(d.changed)} repaired, ${count(d.failed)} failed`;
    case "billing.duplicate_subscription_canceled":
      return `${who} canceled a duplicate subscription of ${payer}`;
    case "billing.duplicate_refunded": {
      const currency = text(d.currency);
      const amount = currency ? formatMoney(count(d.amount), currency) : "the payment";
      return `${who} refunded ${amount} paid for a duplicate subscription of ${payer}`;
    }
    case "membership.changed": {
      const from = MEMBERSHIP[d.from as MembershipStatus] ?? "—";
      const to = MEMBERSHIP[d.to as MembershipStatus] ?? "—";
      return `${whose} membership changed from ${from} to ${to}`;
    }
    case "membership.trial_expired":
      return `${whose} trial ended`;
    case "membership.grace_expired":
      return `${whose} grace period after a failed payment ended`;
    case "lead.released":
      return `${who} released ${subject} (owned by ${person(d.from)}) back to Open`;
    case "lead.reassigned":
      return `${who} reassigned ${subject} from ${person(d.from)} to ${person(d.to)}`;
    case "team.created":
      return `${who} created the team ${team}`;
    case "team.deleted":
      return `${who} deleted the team ${team}`;
    case "team.invitation_sent":
      return `${who} invited ${invitee} to ${team} as ${teamRole}`;
    case "team.invitation_resent":
      return `${who} sent ${invitee} a new invitation to ${team}`;
    case "team.invitation_revoked":
      return `${who} revoked the invitation of ${invitee} to ${team}`;
    case "team.invitation_accepted":
      return `${who} accepted the invitation to ${team} and joined as ${teamRole}`;
    case "team.member_removed":
      return `${who} removed ${subject} from ${team}`;
    case "team.member_left":
      return `${who} left ${team}`;
    case "team.member_role_changed":
      return `${who} made ${subject} ${teamRole} of ${team}`;
    case "team.ownership_transferred":
      return `${who} made ${subject} the owner of ${team}`;
    case "team.billing_changed": {
      const from = TEAM_BILLING[String(d.from)] ?? "—";
      const to = TEAM_BILLING[String(d.to)] ?? "—";
      return `The billing of ${team} changed from ${from} to ${to}`;
    }
    case "team.seats_changed":
      return `${who} changed the seats of ${team} from ${count(d.seatsFrom)} to ${count(d.seatsTo)}${d.pending === true ? ", waiting for the payment of the prorated invoice" : ""}`;
    case "team.seats_synced":
      return `Stripe’s seat count for ${team} went from ${count(d.seatsFrom)} to ${count(d.seatsTo)}`;
    case "team.grace_expired":
      return `The grace period of ${team} after a failed payment ended`;
    case "team.subscription_canceled":
      return `${who} canceled the subscription of ${team} to delete the team`;
  }
}
