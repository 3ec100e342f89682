import {
  bigint,
  boolean,
  date,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from "drizzle-orm/pg-core";

// The sales dashboard's daily rollups (migration 0020, features/dashboard/README.md). Triggers on leads,
// lead_events and lead_revenue keep them exact; app.rebuild_dashboard_rollups() recomputes them. A day is
// a calendar day in the zone of dashboard_zone (the app's APP_TIMEZONE). Staff read them, the system writes.

const counted = { n: integer("n").notNull().default(0) };
const money = {
  amount: bigint("amount", { mode: "number" }).notNull().default(0),
  leads: integer("leads").notNull().default(0),
};

/** The one zone the rollups' days are in. */
export const dashboardZone = pgTable("dashboard_zone", {
  id: boolean("id").primaryKey().default(true),
  zone: text("zone").notNull(),
});

/** Leads by submission day × highest stage × outcome now (open, won, lost) × first-contact group (0–3). */
export const leadCohortDays = pgTable(
  "lead_cohort_days",
  {
    day: date("day").notNull(),
    highestStage: smallint("highest_stage").notNull(),
    outcome: text("outcome").notNull(),
    contact: smallint("contact").notNull(),
    ...counted,
  },
  (t) => [primaryKey({ columns: [t.day, t.highestStage, t.outcome, t.contact] })],
);

/** Lost leads by submission day × loss reason ('' for none). */
export const leadLossDays = pgTable(
  "lead_loss_days",
  { day: date("day").notNull(), lossReason: text("loss_reason").notNull(), ...counted },
  (t) => [primaryKey({ columns: [t.day, t.lossReason] })],
);

/** Answered leads by submission day × first-contact delay bucket (leads.contact_delay_bucket). */
export const leadContactDays = pgTable(
  "lead_contact_days",
  { day: date("day").notNull(), bucket: smallint("bucket").notNull(), ...counted },
  (t) => [primaryKey({ columns: [t.day, t.bucket] })],
);

/** Leads won now by the day of the win × who owned them then ('' for nobody). */
export const leadWinDays = pgTable(
  "lead_win_days",
  { day: date("day").notNull(), wonBy: text("won_by").notNull(), ...counted },
  (t) => [primaryKey({ columns: [t.day, t.wonBy] })],
);

/** Distinct leads each person claimed, per day of the claim. */
export const leadClaimDays = pgTable(
  "lead_claim_days",
  { day: date("day").notNull(), userId: text("user_id").notNull(), ...counted },
  (t) => [primaryKey({ columns: [t.day, t.userId] })],
);

/** Every claim day of a (lead, person) pair claimed on more than one day: what a range must not count twice. */
export const leadClaimRepeats = pgTable(
  "lead_claim_repeats",
  { leadId: uuid("lead_id").notNull(), userId: text("user_id").notNull(), day: date("day").notNull() },
  (t) => [primaryKey({ columns: [t.leadId, t.userId, t.day] })],
);

/** lead_revenue of leads won now, by the day of the win × winner × currency. */
export const leadRevenueDays = pgTable(
  "lead_revenue_days",
  {
    day: date("day").notNull(),
    wonBy: text("won_by").notNull(),
    currency: text("currency").notNull(),
    ...money,
  },
  (t) => [primaryKey({ columns: [t.day, t.wonBy, t.currency] })],
);

/** lead_revenue by winner × currency ('' for a lead not won, or won while nobody owned it). */
export const leadRevenueTotals = pgTable(
  "lead_revenue_totals",
  { wonBy: text("won_by").notNull(), currency: text("currency").notNull(), ...money },
  (t) => [primaryKey({ columns: [t.wonBy, t.currency] })],
);
