// Every action the audit log records, with the label its filter shows: one list, so a new action that
// is not described here fails its test (describe-audit-entry.test.ts).
export const AUDIT_ACTIONS = {
  "role.admin_granted": "Admin role granted",
  "role.admin_revoked": "Admin role removed",
  "sales.granted": "Sales access granted",
  "sales.revoked": "Sales access removed",
  "account.deactivated": "Account deactivated",
  "account.reactivated": "Account reactivated",
  "account.deleted": "Account deleted",
  "account.password_reset_sent": "Password reset sent",
  "billing.exemption_on": "Billing exemption given",
  "billing.exemption_off": "Billing exemption ended",
  "billing.reconciled": "Billing reconciled",
  "billing.duplicate_subscription_canceled": "Duplicate subscription canceled",
  "billing.duplicate_refunded": "Duplicate payment refunded",
  "membership.changed": "Membership changed",
  "membership.trial_expired": "Trial ended",
  "membership.grace_expired": "Grace period ended",
  "lead.released": "Lead released",
  "lead.reassigned": "Lead reassigned",
  "team.created": "Team created",
  "team.deleted": "Team deleted",
  "team.invitation_sent": "Team invitation sent",
  "team.invitation_resent": "Team invitation resent",
  "team.invitation_revoked": "Team invitation revoked",
  "team.invitation_accepted": "Team invitation accepted",
  "team.member_removed": "Team member removed",
  "team.member_left": "Team member left",
  "team.member_role_changed": "Team role changed",
  "team.ownership_transferred": "Team ownership transferred",
  "team.billing_changed": "Team billing changed",
  "team.seats_changed": "Team seats changed",
  "team.seats_synced": "Team seats updated from Stripe",
  "team.grace_expired": "Team grace period ended",
  "team.subscription_canceled": "Team subscription canceled",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const isAuditAction = (action: string): action is AuditAction => action in AUDIT_ACTIONS;
