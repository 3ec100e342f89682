import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { MEMBERSHIP_STATUSES, ROLES } from "./values";

export const roleEnum = pgEnum("role", ROLES);
export const membershipStatusEnum = pgEnum("membership_status", MEMBERSHIP_STATUSES);

// One row per account, created by a trigger on `users` (see the RLS migration) so an account can never
// exist without its role, flags and trial.
export const profiles = pgTable(
  "profiles",
  {
    id: text("id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull().default("member"),
    isSales: boolean("is_sales").notNull().default(false),
    billingExempt: boolean("billing_exempt").notNull().default(false),
    billingExemptReason: text("billing_exempt_reason"),
    billingExemptBy: text("billing_exempt_by").references(() => users.id, { onDelete: "set null" }),
    billingExemptAt: timestamp("billing_exempt_at", { withTimezone: true }),
    membershipStatus: membershipStatusEnum("membership_status").notNull().default("trial"),
    trialEndsAt: timestamp("trial_ends_at", { withTimezone: true }),
    billingPeriodEnd: timestamp("billing_period_end", { withTimezone: true }),
    graceEndsAt: timestamp("grace_ends_at", { withTimezone: true }),
    stripeCustomerId: text("stripe_customer_id").unique(),
    stripeSubscriptionId: text("stripe_subscription_id").unique(),
    stripePriceId: text("stripe_price_id"),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    /** What the subscription brings in per month (smallest unit) while active or past_due; the sync writes it. */
    mrrAmount: integer("mrr_amount"),
    mrrCurrency: text("mrr_currency"),
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("profiles_role_idx").on(t.role),
    index("profiles_membership_idx").on(t.membershipStatus),
    index("profiles_trial_ends_idx").on(t.trialEndsAt).where(sql`${t.membershipStatus} = 'trial'`),
  ],
);
