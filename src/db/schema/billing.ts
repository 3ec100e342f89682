import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { teams } from "./teams";
import { STRIPE_EVENT_STATUSES } from "./values";

export const stripeEventStatusEnum = pgEnum("stripe_event_status", STRIPE_EVENT_STATUSES);

// Every Stripe event received, by its id: a repeat delivery is recognised and changes nothing, and an
// event is marked processed only after the sync it caused has committed.
export const stripeEvents = pgTable(
  "stripe_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    customerId: text("customer_id"),
    status: stripeEventStatusEnum("status").notNull().default("processing"),
    attempts: integer("attempts").notNull().default(1),
    error: text("error"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [
    index("stripe_events_received_idx").on(t.receivedAt.desc()),
    index("stripe_events_status_idx").on(t.status, t.receivedAt.desc()),
    index("stripe_events_customer_idx").on(t.customerId),
  ],
);

// Each account's checkout generation (features/billing/start-checkout.ts): repeated checkouts for one plan
// share a generation, and so one Checkout Session; a checkout for another plan takes the next one, and its
// session replaces every older one. Its own table rather than columns on `profiles`, so that starting a
// checkout never changes the profile row version the Stripe sync orders its writes by.
export const checkoutGenerations = pgTable("checkout_generations", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  generation: integer("generation").notNull(),
  plan: text("plan").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

// The same for a team's checkout (features/team-billing/start-team-checkout.ts): one open Checkout Session
// per team, whichever of its owners and admins starts it. Its own table for the reason above: the team's
// row version orders the team's Stripe syncs.
export const teamCheckoutGenerations = pgTable("team_checkout_generations", {
  teamId: uuid("team_id")
    .primaryKey()
    .references(() => teams.id, { onDelete: "cascade" }),
  generation: integer("generation").notNull(),
  plan: text("plan").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
