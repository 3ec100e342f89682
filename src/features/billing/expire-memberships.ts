import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import { asSystem } from "@/db/rls";
import type { Database } from "@/db/types";

const BATCH = 500;

/**
 * The two time-based transitions (SPEC §6): a trial that ended without a subscription, and a past_due
 * account whose grace period is over, become inactive; so does a past_due team whose grace is over (its
 * members lose their seats' access). Rows are taken with SKIP LOCKED, so several workers share the work
 * and none does a row twice. Exempt accounts are never touched.
 *
 * A team row locked by a seat change or a Stripe sync is skipped and done on the next run. The update
 * changes the team row's version, so a sync that read Stripe before it reads Stripe again rather than
 * write over it.
 */
export async function expireMemberships(
  db: Database,
  now = new Date(),
): Promise<{ trials: string[]; graces: string[]; teamGraces: string[] }> {
  return asSystem(db, "job: expire memberships", async (tx) => {
    const trials = await queryRows<{ id: string }>(
      tx,
      sql`update profiles set membership_status = 'inactive', updated_at = ${now}
          where id in (select id from profiles
                       where membership_status = 'trial' and trial_ends_at <= ${now} and not billing_exempt
                       order by trial_ends_at limit ${BATCH} for update skip locked)
          returning id`,
    );
    const graces = await queryRows<{ id: string }>(
      tx,
      sql`update profiles set membership_status = 'inactive', grace_ends_at = null, updated_at = ${now}
          where id in (select id from profiles
                       where membership_status = 'past_due' and grace_ends_at <= ${now} and not billing_exempt
                       order by grace_ends_at limit ${BATCH} for update skip locked)
          returning id`,
    );
    const teamGraces = await queryRows<{ id: string; name: string }>(
      tx,
      sql`update teams set billing_status = 'inactive', grace_ends_at = null
          where id in (select id from teams
                       where billing_status = 'past_due' and grace_ends_at <= ${now}
                       order by grace_ends_at limit ${BATCH} for update skip locked)
          returning id, name`,
    );
    for (const team of teamGraces) {
      await tx.execute(
        sql`insert into audit_log (action, subject_type, subject_id, details)
            values ('team.grace_expired', 'team', ${team.id}, ${JSON.stringify({ team: team.name, to: "inactive" })}::jsonb)`,
      );
    }
    const audit = [
      ...trials.map((r) => ({ id: r.id, action: "membership.trial_expired" })),
      ...graces.map((r) => ({ id: r.id, action: "membership.grace_expired" })),
    ];
    for (const entry of audit) {
      await tx.execute(
        sql`insert into audit_log (action, subject_type, subject_id, details) values (${entry.action}, 'user', ${entry.id}, '{"to":"inactive"}'::jsonb)`,
      );
    }
    return {
      trials: trials.map((r) => r.id),
      graces: graces.map((r) => r.id),
      teamGraces: teamGraces.map((r) => r.id),
    };
  });
}
