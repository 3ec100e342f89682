import { sql } from "drizzle-orm";
import type { Tx } from "@/db/types";

/** What the timeline entry records besides the account: the team that pays, and what it brings in. */
export type StartedPayingDetails = {
  teamId?: string;
  subscription?: string | null;
  /** Monthly recurring amount in the smallest currency unit (SPEC §3: yearly / 12, seats × unit amount). */
  monthlyAmount?: number | null;
  currency?: string | null;
  seats?: number;
};

/**
 * Closed loop, part two (SPEC §3): when an account that came from a lead starts paying, or a team that
 * account owns does, its lead moves to closed_won with a system timeline entry. Runs inside the sync's
 * system transaction, so the lead and the billing change commit together. A lead already won is left as
 * it is.
 */
export async function onStartedPaying(
  tx: Tx,
  userId: string,
  now: Date,
  details: StartedPayingDetails = {},
): Promise<void> {
  await tx.execute(sql`
    with matched as (
      select id, status from leads where user_id = ${userId} and status <> 'closed_won' for update
    ), won as (
      update leads l set status = 'closed_won', version = l.version + 1, updated_at = ${now}, last_activity_at = ${now}
      from matched m where l.id = m.id
      returning l.id, m.status as from_status
    )
    insert into lead_events (lead_id, type, actor_id, from_status, to_status, details)
    select id, 'started_paying', null, from_status, 'closed_won',
      jsonb_build_object('userId', ${userId}::text) || ${JSON.stringify(details)}::jsonb
    from won`);
}
