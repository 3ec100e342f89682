import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { LEAD_EVENT_TYPES, LEAD_STATUSES } from "./values";

// Statuses are fixed by the product (SPEC §3); the configurable lists (interests, sizes, timelines, loss
// reasons) are plain text columns validated by src/features/leads/options.ts, so changing them needs no
// migration.
const statusCheck = (column: string) =>
  sql.raw(`${column} in (${LEAD_STATUSES.map((s) => `'${s}'`).join(", ")})`);

// Statuses are text with a CHECK rather than an enum: under row-level security only leakproof operators can
// use an index, and text equality is leakproof while enum equality is not (the status filter needs its index).

export const leadEventTypeEnum = pgEnum("lead_event_type", LEAD_EVENT_TYPES);

// The fields a demo request carries; a lead holds the latest values, each submission its own copy.
const requestFields = () => ({
  name: text("name").notNull(),
  email: text("email"),
  phone: text("phone"),
  preferredContact: text("preferred_contact").notNull().default("either"),
  jobTitle: text("job_title"),
  company: text("company"),
  companySize: text("company_size"),
  interests: text("interests").array().notNull().default(sql`'{}'::text[]`),
  timeline: text("timeline"),
  problems: text("problems"),
  utmSource: text("utm_source"),
  utmMedium: text("utm_medium"),
  utmCampaign: text("utm_campaign"),
  utmTerm: text("utm_term"),
  utmContent: text("utm_content"),
  referrer: text("referrer"),
});

export const leads = pgTable(
  "leads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ...requestFields(),
    status: text("status", { enum: LEAD_STATUSES }).notNull().default("new"),
    claimedBy: text("claimed_by").references(() => users.id, { onDelete: "set null" }),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    /** The account that signed up with this lead's email (closed loop). */
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    lossReason: text("loss_reason"),
    // The dashboard's facts (migration 0017, SPEC §3), kept by the statements that change the lead:
    /** Furthest of new(0) → contacted → qualified → converted → closed_won(4) ever reached; never lowered. */
    highestStage: smallint("highest_stage").notNull().default(0),
    /** The first status change a person made (changeLeadStatus); system changes and claims leave it empty. */
    firstContactAt: timestamp("first_contact_at", { withTimezone: true }),
    /** Who it was (no foreign key since 0019: a record, kept when the person is deleted). */
    firstContactBy: text("first_contact_by"),
    /** When the lead last became closed_won and who owned it then (a trigger; cleared if it leaves). */
    wonAt: timestamp("won_at", { withTimezone: true }),
    wonBy: text("won_by"),
    /** The first contact's delay in buckets (four per doubling, migration 0020): the exact median's index. */
    contactDelayBucket: smallint("contact_delay_bucket").generatedAlwaysAs(
      sql`app.contact_delay_bucket(first_contact_at - created_at)`,
    ),
    /** Bumped by every change; edits carry the version their author saw (stale edits get 409). */
    version: integer("version").notNull().default(1),
    submissionCount: integer("submission_count").notNull().default(1),
    /** Lower-cased name, email, company and phone (as typed and as digits): what the search matches. */
    searchText: text("search_text")
      .notNull()
      .generatedAlwaysAs(
        sql`lower(name || ' ' || coalesce(email, '') || ' ' || coalesce(company, '') || ' ' || coalesce(phone, '') || ' ' || regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'))`,
      ),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // One index per filter × sort the table offers, each ending in id for a stable keyset order. The search
  // uses the trigram index on lead_search (see there).
  (t) => [
    check("leads_status_check", statusCheck("status")),
    index("leads_created_idx").on(t.createdAt, t.id),
    index("leads_activity_idx").on(t.lastActivityAt, t.id),
    index("leads_owner_created_idx").on(t.claimedBy, t.createdAt, t.id),
    index("leads_owner_activity_idx").on(t.claimedBy, t.lastActivityAt, t.id),
    index("leads_status_created_idx").on(t.status, t.createdAt, t.id),
    index("leads_status_activity_idx").on(t.status, t.lastActivityAt, t.id),
    index("leads_owner_status_created_idx").on(t.claimedBy, t.status, t.createdAt, t.id),
    index("leads_owner_status_activity_idx").on(t.claimedBy, t.status, t.lastActivityAt, t.id),
    index("leads_email_idx").on(t.email),
    index("leads_user_idx").on(t.userId),
    // The dashboard's cohort, wins and claims (covering / partial indexes): migration 0017.
  ],
);

export const leadSubmissions = pgTable(
  "lead_submissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    leadId: uuid("lead_id")
      .notNull()
      .references(() => leads.id, { onDelete: "cascade" }),
    /** Rendered into the form; a double submit or a resent form carries the same key and stores once. */
    idempotencyKey: text("idempotency_key").notNull().unique(),
    ...requestFields(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("lead_submissions_lead_idx").on(t.leadId, t.createdAt)],
);

export const leadNotes = pgTable(
  "lead_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    leadId: uuid("lead_id")
      .notNull()
      .references(() => leads.id, { onDelete: "cascade" }),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    // clock_timestamp, not now(): entries written in one transaction keep their order.
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
  },
  (t) => [index("lead_notes_lead_idx").on(t.leadId, t.createdAt)],
);

export const leadEvents = pgTable(
  "lead_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    leadId: uuid("lead_id")
      .notNull()
      .references(() => leads.id, { onDelete: "cascade" }),
    type: leadEventTypeEnum("type").notNull(),
    /** Null means the system did it (a submission, a sign-up, a payment). */
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    fromStatus: text("from_status", { enum: LEAD_STATUSES }),
    toStatus: text("to_status", { enum: LEAD_STATUSES }),
    fromUserId: text("from_user_id").references(() => users.id, { onDelete: "set null" }),
    toUserId: text("to_user_id").references(() => users.id, { onDelete: "set null" }),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
  },
  (t) => [index("lead_events_lead_idx").on(t.leadId, t.createdAt)],
);

/**
 * Leads per (owner, status), kept exact by statement-level triggers on `leads`, so the owner filter's
 * tallies are a read of a few dozen rows instead of a count over every lead. owner_id '' means open.
 */
export const leadCounts = pgTable(
  "lead_counts",
  {
    ownerId: text("owner_id").notNull().default(""),
    status: text("status", { enum: LEAD_STATUSES }).notNull(),
    n: bigint("n", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.status] })],
);

/**
 * The monthly recurring revenue of the account that came from a lead, per currency (its own subscription
 * and the teams it owns, active or past_due, as Stripe counts MRR). Recomputed by triggers on profiles,
 * teams and leads from their mrr_* columns (app.refresh_lead_revenue, migration 0017); staff read it.
 */
export const leadRevenue = pgTable(
  "lead_revenue",
  {
    leadId: uuid("lead_id")
      .notNull()
      .references(() => leads.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    /** A copy of the lead's won_by (migration 0018), so revenue per winner reads this table alone. */
    wonBy: text("won_by"),
    /** A copy of the lead's won_at (migration 0020), so revenue won per day reads this table alone. */
    wonAt: timestamp("won_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.leadId, t.currency] })],
);

/**
 * The search text of every lead, copied from leads.search_text by a trigger, with the trigram GIN index
 * (custom migration). It exists because LIKE is not a leakproof operator: on a table under row-level
 * security PostgreSQL will not use an index for it, so a search over `leads` itself would scan every row.
 * Request code cannot read this table (no grants); app.search_leads() answers staff (and only staff).
 * It has RLS enabled but not forced, so that SECURITY DEFINER function (its owner) reads it via the index.
 */
export const leadSearch = pgTable(
  "lead_search",
  {
    leadId: uuid("lead_id")
      .primaryKey()
      .references(() => leads.id, { onDelete: "cascade" }),
    searchText: text("search_text").notNull(),
    // Copies of the columns a search result is filtered, sorted and tallied by, so a broad search never
    // has to visit `leads` for more than the one page it shows.
    claimedBy: text("claimed_by"),
    status: text("status").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull(),
  },
  // The sort orders, alone and under a status filter: a search that matches many leads walks one of these
  // newest-first, checking the pattern row by row, and stops after the first page (or the count cap)
  // instead of collecting every match from the trigram index and sorting them (app.search_leads_page).
  (t) => [
    index("lead_search_created_idx").on(t.createdAt, t.leadId),
    index("lead_search_activity_idx").on(t.lastActivityAt, t.leadId),
    index("lead_search_status_created_idx").on(t.status, t.createdAt, t.leadId),
    index("lead_search_status_activity_idx").on(t.status, t.lastActivityAt, t.leadId),
  ],
);

/** Rejected demo submissions per day and reason (honeypot, too fast, rate limited): counted, not stored. */
export const demoRejections = pgTable(
  "demo_rejections",
  {
    day: date("day").notNull(),
    reason: text("reason").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.reason] })],
);
