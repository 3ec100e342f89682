import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/query";
import type { Tx } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { isAdmin } from "@/features/accounts/load-actor";
import { type Failure, fail } from "@/lib/result";
import type { LeadStatus } from "./options";

// The shared core of every change to a lead: ONE conditional UPDATE that succeeds only when the lead is
// still at the version the editor saw and the actor may change it, so of two people acting at once exactly
// one wins. When it changes nothing, a follow-up read says why: not found (404), owned by someone else
// (409 with their name), or changed since it was loaded (409, stale).

export const leadRef = {
  leadId: z.uuid("Choose a lead."),
  version: z.coerce.number().int("Reload the lead and try again.").min(1, "Reload the lead and try again."),
};

export type LeadState = {
  id: string;
  version: number;
  status: LeadStatus;
  ownerId: string | null;
  ownerName: string | null;
  lastActivityAt: Date;
};

export type ChangedLead = {
  id: string;
  version: number;
  status: LeadStatus;
  claimedBy: string | null;
  fromStatus: LeadStatus;
  fromOwner: string | null;
};

/**
 * Applies `set` (if any) to the lead if it is at `version` and `allowed` holds (both evaluated on the row as it is
 * once locked). Bumps the version and the last activity. Returns the changed row with its previous status
 * and owner, or null when nothing was changed.
 */
export async function updateLeadIf(
  tx: Tx,
  leadId: string,
  version: number,
  set: SQL | null,
  allowed: SQL,
): Promise<ChangedLead | null> {
  const assignments = set ? sql`${set}, ` : sql``;
  const [row] = await queryRows<{
    id: string;
    version: number;
    status: LeadStatus;
    claimed_by: string | null;
    from_status: LeadStatus;
    from_owner: string | null;
  }>(
    tx,
    sql`
    with old as (select id, status, claimed_by from leads where id = ${leadId} for update)
    update leads l set ${assignments}version = l.version + 1, updated_at = now(), last_activity_at = now()
    from old
    where l.id = old.id and l.version = ${version} and (${allowed})
    returning l.id, l.version, l.status, l.claimed_by, old.status as from_status, old.claimed_by as from_owner`,
  );
  if (!row) return null;
  return {
    id: row.id,
    version: Number(row.version),
    status: row.status,
    claimedBy: row.claimed_by,
    fromStatus: row.from_status,
    fromOwner: row.from_owner,
  };
}

/** Why a conditional update changed nothing, as the failure the caller answers with. */
export async function explainRefusal(
  tx: Tx,
  actor: Actor,
  leadId: string,
  version: number,
  options: { adminMayOverride?: boolean } = { adminMayOverride: true },
): Promise<Failure> {
  const lead = await readLeadState(tx, leadId);
  if (!lead) return fail("not_found", "This lead does not exist, or you may not see it.");
  const overrides = options.adminMayOverride !== false && isAdmin(actor);
  if (lead.ownerId && lead.ownerId !== actor.id && !overrides) {
    return fail(
      "conflict",
      `This lead is owned by ${lead.ownerName ?? "another team member"}. Only they or an admin can change it.`,
    );
  }
  if (lead.version !== version) {
    return fail(
      "conflict",
      "Someone changed this lead since you loaded it. Reload to see the latest, then try again.",
    );
  }
  return fail("conflict", "This lead cannot be changed that way right now.");
}

export async function readLeadState(tx: Tx, leadId: string): Promise<LeadState | null> {
  const [row] = await queryRows<{
    id: string;
    version: number;
    status: LeadStatus;
    claimed_by: string | null;
    owner_name: string | null;
    last_activity_at: Date | string;
  }>(
    tx,
    sql`select l.id, l.version, l.status, l.claimed_by, u.name as owner_name, l.last_activity_at
        from leads l left join users u on u.id = l.claimed_by where l.id = ${leadId}`,
  );
  if (!row) return null;
  return {
    id: row.id,
    version: Number(row.version),
    status: row.status,
    ownerId: row.claimed_by,
    ownerName: row.claimed_by ? (row.owner_name ?? "Former team member") : null,
    lastActivityAt: new Date(row.last_activity_at),
  };
}

type EventInput = {
  leadId: string;
  type: "claimed" | "released" | "reassigned" | "status_changed" | "note_added";
  actorId: string;
  fromStatus?: LeadStatus | null;
  toStatus?: LeadStatus | null;
  fromUserId?: string | null;
  toUserId?: string | null;
  details?: Record<string, unknown>;
};

/** A timeline entry by the acting person (RLS allows staff to write only these types, as themselves). */
export async function recordLeadEvent(tx: Tx, e: EventInput): Promise<void> {
  await tx.execute(sql`
    insert into lead_events (lead_id, type, actor_id, from_status, to_status, from_user_id, to_user_id, details)
    values (${e.leadId}, ${e.type}, ${e.actorId}, ${e.fromStatus ?? null}, ${e.toStatus ?? null},
      ${e.fromUserId ?? null}, ${e.toUserId ?? null}, ${JSON.stringify(e.details ?? {})}::jsonb)`);
}
