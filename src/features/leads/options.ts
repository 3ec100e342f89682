// The lists the lead pipeline is built from: one source of truth each. The demo form, the server's
// validation, the Sales Console and the CSV export all read these. Interests, company sizes, timelines and
// loss reasons are stored as text, so editing these lists needs no migration.

import { LEAD_STATUSES, type LeadStatus } from "@/db/schema/values";

// The statuses are fixed by the product and constrained by the database (db/schema/values.ts).
export { LEAD_STATUSES, type LeadStatus };

export const STATUS_LABELS: Record<LeadStatus, string> = {
  new: "New",
  contacted: "Contacted",
  qualified: "Qualified",
  converted: "Converted",
  closed_won: "Closed won",
  closed_lost: "Closed lost",
};

/** Closed leads take no new submissions: a repeat request from their email starts a new lead. */
export const CLOSED_STATUSES: readonly LeadStatus[] = ["closed_won", "closed_lost"];

export const PREFERRED_CONTACTS = ["email", "phone", "either"] as const;
export type PreferredContact = (typeof PREFERRED_CONTACTS)[number];
export const PREFERRED_CONTACT_LABELS: Record<PreferredContact, string> = {
  email: "By email",
  phone: "By phone",
  either: "Either is fine",
};

export const COMPANY_SIZES = ["1-50", "51-200", "201-500", "501-1000", "1000+"] as const;

export const DECISION_TIMELINES = ["immediately", "1-3 months", "3-6 months", "just exploring"] as const;
export const DECISION_TIMELINE_LABELS: Record<(typeof DECISION_TIMELINES)[number], string> = {
  immediately: "Immediately",
  "1-3 months": "In 1–3 months",
  "3-6 months": "In 3–6 months",
  "just exploring": "Just exploring",
};

/** What a visitor may say they are interested in (a fixed list; edit it here). */
export const INTERESTS = [
  "Demo requests and lead pipeline",
  "Sales console",
  "Memberships and billing",
  "Team seats",
  "Admin console",
  "Self-hosting",
] as const;

/** Why a lead was lost; setting `closed_lost` asks for one of these (plus optional text). */
export const LOSS_REASONS = [
  "No budget",
  "Chose a competitor",
  "No decision / went silent",
  "Not a fit",
  "Timing",
  "Other",
] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

export const LEAD_SORTS = ["newest", "oldest", "activity"] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];
export const SORT_LABELS: Record<LeadSort, string> = {
  newest: "Newest first",
  oldest: "Oldest first",
  activity: "Last activity",
};

export const LEADS_PAGE_SIZE = 25;

/** Demo form protection: minimum time from form render to submit, and submissions per IP per hour. */
export const demoFormLimits = () => ({
  minFillMs: Number(process.env.DEMO_MIN_FILL_MS ?? 3000),
  perIpPerHour: Number(process.env.DEMO_RATE_LIMIT_PER_HOUR ?? 5),
});
