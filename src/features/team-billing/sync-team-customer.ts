import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { asSystem } from "@/db/rls";
import { teams } from "@/db/schema";
import type { Database, Tx } from "@/db/types";
import { writeSystemAudit } from "@/features/audit/write-audit";
import {
  auditCanceledDuplicates,
  auditRefundedDuplicates,
  type BillingSubject,
  type DuplicateRefund,
  duplicateRecordsOf,
  readCustomerSubscriptions,
} from "@/features/billing/customer-subscriptions";
import { lockCustomer } from "@/features/billing/lock-customer";
import { monthlyRecurringAmount, recurringRevenueColumns } from "@/features/billing/monthly-recurring-amount";
import { onStartedPaying } from "@/features/billing/started-paying";
import { nextTeamBilling, type TeamBillingColumns, teamSubscriptionFacts } from "./team-billing-state";

export type TeamSyncOutcome =
  | { outcome: "unknown_customer" }
  | {
      outcome: "team_synced";
      teamId: string;
      changed: boolean;
      from: TeamBillingColumns;
      to: TeamBillingColumns;
      canceledDuplicates: string[];
      refundedDuplicates: string[];
    };

/** As for an account: each retry means another write to the team committed, so this bounds a burst. */
const MAX_ATTEMPTS = 5;

const columnsOf = (t: typeof teams.$inferSelect): TeamBillingColumns => ({
  billingStatus: t.billingStatus,
  billingPeriodEnd: t.billingPeriodEnd,
  graceEndsAt: t.graceEndsAt,
  stripeSubscriptionId: t.stripeSubscriptionId,
  stripePriceId: t.stripePriceId,
  cancelAtPeriodEnd: t.cancelAtPeriodEnd,
  seatsPaid: t.seatsPaid,
});

const same = (a: TeamBillingColumns, b: TeamBillingColumns) =>
  (Object.keys(a) as (keyof TeamBillingColumns)[]).every(
    (k) => String(a[k]?.valueOf()) === String(b[k]?.valueOf()),
  );

/** The team whose customer this is, with its row version (`xmin`), as profileOf reads an account's. */
async function teamOf(tx: Tx, customerId: string, forUpdate = false) {
  const query = tx
    .select({ team: teams, version: sql<string>`${teams}.xmin::text` })
    .from(teams)
    .where(eq(teams.stripeCustomerId, customerId));
  const [row] = await (forUpdate ? query.for("update") : query);
  return row ?? null;
}

const subjectOf = (team: typeof teams.$inferSelect): BillingSubject => ({
  type: "team",
  id: team.id,
  details: { team: team.name },
});

/**
 * The convergent sync for a customer that is a team (syncStripeCustomer comes here when no account has
 * the customer). The same rules as for an account: Stripe is read with no transaction open, a second
 * live subscription is canceled and refunded, and what was read is applied only if the team's row is the
 * version seen before Stripe was asked, so syncs commit in the order of their Stripe reads. Anything that
 * writes the team's row in between (another sync, the grace job, a transfer of ownership) makes this one
 * read Stripe again. Invitations and acceptances only lock the row; the write here waits for them, and
 * they read the seats after it (features/teams/README.md).
 */
export async function syncTeamCustomer(
  db: Database,
  stripe: Stripe,
  customerId: string,
  now = new Date(),
): Promise<TeamSyncOutcome> {
  const canceledDuplicates = new Set<string>();
  const refundedDuplicates = new Map<string, DuplicateRefund>();
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const seen = await asSystem(db, "stripe sync: read team", async (tx) => {
      const row = await teamOf(tx, customerId);
      return row && { ...row, duplicates: await duplicateRecordsOf(tx, subjectOf(row.team)) };
    });
    if (!seen) return { outcome: "unknown_customer" };

    const { chosen, duplicates, refunded } = await readCustomerSubscriptions(
      stripe,
      customerId,
      seen.duplicates,
    );
    for (const id of duplicates) if (!seen.duplicates.canceled.has(id)) canceledDuplicates.add(id);
    for (const r of refunded) refundedDuplicates.set(r.subscription, r);
    const facts = chosen ? teamSubscriptionFacts(chosen) : null;
    const monthly = chosen ? monthlyRecurringAmount(chosen) : null;

    const outcome = await asSystem(
      db,
      "stripe sync: apply team",
      async (tx): Promise<TeamSyncOutcome | null> => {
        await lockCustomer(tx, customerId);
        const current = await teamOf(tx, customerId, true);
        if (!current) return { outcome: "unknown_customer" };
        if (current.version !== seen.version) return null;
        const { team } = current;
        const subject = subjectOf(team);
        const from = columnsOf(team);
        const to = nextTeamBilling(from, facts, now);
        const changed = !same(from, to);
        // Written even when nothing changed, so this sync's read is ordered after every earlier one.
        await tx
          .update(teams)
          .set({ ...to, ...recurringRevenueColumns(chosen) })
          .where(eq(teams.id, team.id));
        if (from.billingStatus !== to.billingStatus) {
          await writeSystemAudit(tx, null, {
            action: "team.billing_changed",
            subjectType: "team",
            subjectId: team.id,
            details: {
              team: team.name,
              from: from.billingStatus,
              to: to.billingStatus,
              subscription: facts?.id ?? null,
            },
          });
        }
        if (from.seatsPaid !== to.seatsPaid) {
          await writeSystemAudit(tx, null, {
            action: "team.seats_synced",
            subjectType: "team",
            subjectId: team.id,
            details: {
              team: team.name,
              seatsFrom: from.seatsPaid,
              seatsTo: to.seatsPaid,
              subscription: facts?.id ?? null,
            },
          });
        }
        if (to.billingStatus === "active" && from.billingStatus !== "active") {
          await onStartedPaying(tx, team.ownerId, now, {
            teamId: team.id,
            subscription: facts?.id ?? null,
            seats: to.seatsPaid,
            monthlyAmount: monthly?.amount ?? null,
            currency: monthly?.currency ?? null,
          });
        }
        await auditCanceledDuplicates(tx, subject, canceledDuplicates);
        await auditRefundedDuplicates(tx, subject, refundedDuplicates.values());
        return {
          outcome: "team_synced",
          teamId: team.id,
          changed,
          from,
          to,
          canceledDuplicates: [...canceledDuplicates],
          refundedDuplicates: [...refundedDuplicates.keys()],
        };
      },
    );
    if (outcome) return outcome;
  }
  throw new Error(
    `Stripe sync of ${customerId}: the team kept changing while Stripe was read (${MAX_ATTEMPTS} tries).`,
  );
}
