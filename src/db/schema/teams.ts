import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { TEAM_BILLING_STATUSES, TEAM_ROLES } from "./values";

export const teamRoleEnum = pgEnum("team_role", TEAM_ROLES);
export const teamBillingStatusEnum = pgEnum("team_billing_status", TEAM_BILLING_STATUSES);

// A team and its billing (SPEC §5–6): the team is its own Stripe customer. The billing columns are written
// only by the system path (the Stripe sync); request roles have no grant on them. Every change that affects
// seats locks this row first (src/features/teams/README.md), so the row is also the team's mutex.
export const teams = pgTable(
  "teams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    // Kept equal to the member whose role is `owner` (creation and transferOwnership write both). RESTRICT:
    // deleting the owner's account must not silently delete a team that may still be paying.
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    stripeCustomerId: text("stripe_customer_id").unique(),
    stripeSubscriptionId: text("stripe_subscription_id").unique(),
    stripePriceId: text("stripe_price_id"),
    billingStatus: teamBillingStatusEnum("billing_status").notNull().default("none"),
    seatsPaid: integer("seats_paid").notNull().default(0),
    billingPeriodEnd: timestamp("billing_period_end", { withTimezone: true }),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    graceEndsAt: timestamp("grace_ends_at", { withTimezone: true }),
    /** Seats × unit price per month (smallest unit) while active or past_due; the team sync writes it. */
    mrrAmount: integer("mrr_amount"),
    mrrCurrency: text("mrr_currency"),
  },
  (t) => [
    check("teams_name_check", sql`char_length(${t.name}) between 1 and 100`),
    check("teams_seats_paid_check", sql`${t.seatsPaid} >= 0`),
    index("teams_owner_idx").on(t.ownerId),
  ],
);

// One row per person per team; a person may be in several teams.
export const teamMembers = pgTable(
  "team_members",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: teamRoleEnum("role").notNull(),
    // clock_timestamp, not now(): members are seated in join order, and a transaction that waited for the
    // team's lock must not get an earlier time than the one that held it.
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
    // Ties in joined_at happen (the embedded database's clock counts milliseconds): the order rows were
    // added settles them, so seats never go by something as arbitrary as an id.
    joinOrder: bigint("join_order", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    index("team_members_user_idx").on(t.userId),
    uniqueIndex("team_members_one_owner_idx").on(t.teamId).where(sql`${t.role} = 'owner'`),
  ],
);

// An invitation holds a seat while it is pending (neither accepted nor revoked, and not expired). Only a
// SHA-256 of its token is stored: the link in the mail is the only copy of the token.
export const teamInvitations = pgTable(
  "team_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: teamRoleEnum("role").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: text("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    check("team_invitations_role_check", sql`${t.role} <> 'owner'`),
    check("team_invitations_email_check", sql`${t.email} = lower(${t.email})`),
    index("team_invitations_team_idx").on(t.teamId, t.createdAt),
    index("team_invitations_email_idx").on(t.email),
  ],
);
