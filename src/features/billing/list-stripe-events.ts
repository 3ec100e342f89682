import { and, count, desc, eq, ilike, type SQL } from "drizzle-orm";
import { z } from "zod";
import { asSystem } from "@/db/rls";
import { stripeEvents } from "@/db/schema";
import { STRIPE_EVENT_STATUSES } from "@/db/schema/values";
import type { Database } from "@/db/types";

export { STRIPE_EVENT_STATUSES };

import { type Actor, isAdmin } from "@/features/accounts/load-actor";
import { pageParam, queryText } from "@/lib/paging";
import { fail, type Result } from "@/lib/result";

export const listStripeEventsSchema = z.object({
  status: z.enum(STRIPE_EVENT_STATUSES).optional().catch(undefined),
  type: queryText(100),
  page: pageParam,
});

const PAGE_SIZE = 25;
export type StripeEventRow = typeof stripeEvents.$inferSelect;

/** The webhook event log for admins (the table itself is system-only). */
export async function listStripeEvents(
  db: Database,
  actor: Actor,
  input: z.output<typeof listStripeEventsSchema>,
): Promise<Result<{ rows: StripeEventRow[]; total: number; page: number; pageSize: number }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may read billing events.");
  const { status, type, page } = input;
  const filters: SQL[] = [];
  if (status) filters.push(eq(stripeEvents.status, status));
  if (type) filters.push(ilike(stripeEvents.type, `%${type}%`));
  const where = filters.length ? and(...filters) : undefined;
  return asSystem(db, "admin reads billing events", async (tx) => {
    const rows = await tx
      .select()
      .from(stripeEvents)
      .where(where)
      .orderBy(desc(stripeEvents.receivedAt))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE);
    const [totals] = await tx.select({ total: count() }).from(stripeEvents).where(where);
    return { ok: true, rows, total: totals?.total ?? 0, page, pageSize: PAGE_SIZE };
  });
}
