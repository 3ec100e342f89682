import { sql } from "drizzle-orm";
import type { Tx } from "@/db/types";

/**
 * Closed loop, part two (SPEC §3): when an account that came from a lead starts paying, its lead moves to
 * closed_won with a system timeline entry. Runs inside the sync's system transaction, so the lead and the
 * membership change commit together. A lead already won is left as it is.
 */
export async function onStartedPaying(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx.execute(sql`
    with matched as (
      select id, status from leads where user_id = ${userId} and status <> 'closed_won' for update
    ), won as (
      update leads l set status = 'closed_won', version = l.version + 1, updated_at = ${now}, last_activity_at = ${now}
      from matched m where l.id = m.id
      returning l.id, m.status as from_status
    )
    insert into lead_events (lead_id, type, actor_id, from_status, to_status, details)
    select id, 'started_paying', null, from_status, 'closed_won', jsonb_build_object('userId', ${userId}::text)
    from won`);
}
