import { count, desc, eq, ilike, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { asSystem } from "@/db/rls";
import { auditLog, users } from "@/db/schema";
import type { Database } from "@/db/types";
import { type Actor, isAdmin } from "@/features/accounts/load-actor";
import { pageParam, queryText } from "@/lib/paging";
import { fail, type Result } from "@/lib/result";

export const listAuditSchema = z.object({
  q: queryText(200),
  page: pageParam,
});
type ListAuditInput = z.output<typeof listAuditSchema>;

const PAGE_SIZE = 50;

type AuditRow = {
  id: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  subjectName: string | null;
  actorName: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
};

export async function listAuditEntries(
  db: Database,
  actor: Actor,
  input: ListAuditInput,
): Promise<Result<{ rows: AuditRow[]; total: number; page: number; pageSize: number }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may read the audit log.");
  const { q, page } = input;
  const subject = alias(users, "subject");
  const actorUser = alias(users, "actor_user");
  const where = q
    ? or(ilike(auditLog.action, `%${q}%`), ilike(actorUser.email, `%${q}%`), ilike(subject.email, `%${q}%`))
    : undefined;
  // The audit log is system-only in the database; the admin check above is what lets this read through.
  return asSystem(db, "admin reads audit log", async (tx) => {
    const base = tx
      .select({
        id: auditLog.id,
        action: auditLog.action,
        subjectType: auditLog.subjectType,
        subjectId: auditLog.subjectId,
        subjectName: subject.name,
        actorName: actorUser.name,
        details: auditLog.details,
        createdAt: auditLog.createdAt,
      })
      .from(auditLog)
      .leftJoin(actorUser, eq(actorUser.id, auditLog.actorId))
      .leftJoin(subject, eq(subject.id, auditLog.subjectId))
      .where(where);
    const rows = await base
      .orderBy(desc(auditLog.createdAt))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE);
    const [totals] = await tx
      .select({ total: count() })
      .from(auditLog)
      .leftJoin(actorUser, eq(actorUser.id, auditLog.actorId))
      .leftJoin(subject, eq(subject.id, auditLog.subjectId))
      .where(where);
    return { ok: true, rows, total: totals?.total ?? 0, page, pageSize: PAGE_SIZE };
  });
}
