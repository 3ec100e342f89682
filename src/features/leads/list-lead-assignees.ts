import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import { withActor } from "@/db/rls";
import type { Database } from "@/db/types";
import { type Actor, isAdmin } from "@/features/accounts/load-actor";
import { fail, type Result } from "@/lib/result";

export type Assignee = { id: string; name: string; email: string };

/** The people an admin may give a lead to: every active sales rep and admin. */
export async function listLeadAssignees(
  db: Database,
  actor: Actor,
): Promise<Result<{ assignees: Assignee[] }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may reassign leads.");
  const assignees = await withActor(db, actor, (tx) =>
    queryRows<Assignee>(
      tx,
      sql`select u.id, u.name, u.email from profiles p join users u on u.id = p.id
          where (p.is_sales or p.role = 'admin') and p.deactivated_at is null order by u.name, u.id`,
    ),
  );
  return { ok: true, assignees };
}
