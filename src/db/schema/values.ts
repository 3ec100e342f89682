// The fixed lists the database constrains (enums and CHECKs), defined once: the schema builds its
// columns from them and every other module derives its lists, unions and label maps from these. Kept free
// of Drizzle so client components can import the lists without pulling the schema into the browser.

export const ROLES = ["member", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const MEMBERSHIP_STATUSES = ["trial", "active", "past_due", "inactive"] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const LEAD_STATUSES = [
  "new",
  "contacted",
  "qualified",
  "converted",
  "closed_won",
  "closed_lost",
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const LEAD_EVENT_TYPES = [
  "submitted",
  "resubmitted",
  "claimed",
  "released",
  "reassigned",
  "status_changed",
  "note_added",
  "signed_up",
  "started_paying",
] as const;
export type LeadEventType = (typeof LEAD_EVENT_TYPES)[number];

export const STRIPE_EVENT_STATUSES = ["processing", "processed", "failed", "ignored"] as const;
export type StripeEventStatus = (typeof STRIPE_EVENT_STATUSES)[number];

/** A person's role in a team (SPEC §5): one owner, admins who manage with them, members. */
export const TEAM_ROLES = ["owner", "admin", "member"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** Roles an invitation may carry: ownership is handed over, never invited into. */
export const TEAM_INVITATION_ROLES = ["admin", "member"] as const satisfies readonly TeamRole[];
export type TeamInvitationRole = (typeof TEAM_INVITATION_ROLES)[number];

/** The state of a team's subscription as the Stripe sync records it; `none` before the first checkout. */
export const TEAM_BILLING_STATUSES = ["none", "active", "past_due", "inactive"] as const;
export type TeamBillingStatus = (typeof TEAM_BILLING_STATUSES)[number];
