import { and, count, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { asSystem } from "@/db/rls";
import { auditLog, leads, users } from "@/db/schema";
import type { Database } from "@/db/types";
import { type Actor, isAdmin } from "@/features/accounts/load-actor";
import { pageParam, queryText } from "@/lib/paging";
import { fail, type Result } from "@/lib/result";
import { AUDIT_ACTIONS, type AuditAction } from "./audit-actions";
import { describeAuditEntry } from "./describe-audit-entry";

const actions = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

export const listAuditSchema = z.object({
  q: queryText(200),
  /** One action, or every action. */
  action: z.enum(actions).optional().catch(undefined),
  /** Who did it: a user id, "system", or anyone. */
  who: queryText(100),
  page: pageParam,
});
type ListAuditInput = z.output<typeof listAuditSchema>;

const PAGE_SIZE = 50;

export type AuditRow = {
  id: string;
  action: string;
  /** The entry as a sentence with names. */
  sentence: string;
  actorName: string | null;
  subject: { type: string; id: string | null; name: string | null; href: string | null };
  details: Record<string, unknown>;
  createdAt: Date;
};

export type AuditActorOption = { id: string; name: string };

/**
 * The audit log, newest first, each entry a sentence with the names of the people and leads involved,
 * filtered by action, by who did it and by a search over the action and the emails involved. The log is
 * system-only in the database; the admin check here is what lets this read through.
 */
export async function listAuditEntries(
  db: Database,
  actor: Actor,
  input: ListAuditInput,
): Promise<
  Result<{
    rows: AuditRow[];
    total: number;
    page: number;
    pageSize: number;
    actors: AuditActorOption[];
  }>
> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may read the audit log.");
  const { q, page, action, who } = input;
  const subject = alias(users, "subject");
  const actorUser = alias(users, "actor_user");
  const filters: SQL[] = [];
  if (q) {
    filters.push(
      or(ilike(auditLog.action, `%${q}%`), ilike(actorUser.email, `%${q}%`), ilike(subject.email, `%${q}%`))!,
    );
  }
  if (action) filters.push(eq(auditLog.action, action));
  if (who === "system") filters.push(isNull(auditLog.actorId));
  else if (who) filters.push(eq(auditLog.actorId, who));
  const where = filters.length ? and(...filters) : undefined;
  return asSystem(db, "admin reads audit log", async (tx) => {
    const found = await tx
      .select({
        id: auditLog.id,
        action: auditLog.action,
        subjectType: auditLog.subjectType,
        subjectId: auditLog.subjectId,
        subjectUserName: subject.name,
        subjectUserEmail: subject.email,
        leadName: leads.name,
        leadEmail: leads.email,
        actorName: actorUser.name,
        details: auditLog.details,
        createdAt: auditLog.createdAt,
      })
      .from(auditLog)
      .leftJoin(actorUser, eq(actorUser.id, auditLog.actorId))
      .leftJoin(subject, and(eq(auditLog.subjectType, "user"), eq(subject.id, auditLog.subjectId)))
      .leftJoin(leads, and(eq(auditLog.subjectType, "lead"), sql`${leads.id}::text = ${auditLog.subjectId}`))
      .where(where)
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE);
    const [totals] = await tx
      .select({ total: count() })
      .from(auditLog)
      .leftJoin(actorUser, eq(actorUser.id, auditLog.actorId))
      .leftJoin(subject, and(eq(auditLog.subjectType, "user"), eq(subject.id, auditLog.subjectId)))
      .where(where);
    // The details name people by id (a lead's owners before and after): look their names up once.
    const mentioned = [
      ...new Set(
        found.flatMap((r) =>
          [r.details.from, r.details.to].filter((v): v is string => typeof v === "string"),
        ),
      ),
    ];
    const named = mentioned.length
      ? await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, mentioned))
      : [];
    const names = Object.fromEntries(named.map((n) => [n.id, n.name]));
    const actors = await tx
      .selectDistinct({ id: users.id, name: users.name })
      .from(auditLog)
      .innerJoin(users, eq(users.id, auditLog.actorId))
      .orderBy(users.name, users.id);
    const rows = found.map((r): AuditRow => {
      const isLead = r.subjectType === "lead";
      const subjectName = isLead ? r.leadName : r.subjectUserName;
      const searchFor = isLead ? (r.leadEmail ?? r.leadName) : r.subjectUserEmail;
      const href = searchFor
        ? `${isLead ? "/admin/leads?owner=all&q=" : "/admin/users?q="}${encodeURIComponent(searchFor)}`
        : null;
      return {
        id: r.id,
        action: r.action,
        sentence: describeAuditEntry({
          action: r.action,
          actorName: r.actorName,
          subjectType: r.subjectType,
          subjectName,
          details: r.details,
          names,
        }),
        actorName: r.actorName,
        subject: { type: r.subjectType, id: r.subjectId, name: subjectName, href },
        details: r.details,
        createdAt: r.createdAt,
      };
    });
    return { ok: true, rows, total: totals?.total ?? 0, page, pageSize: PAGE_SIZE, actors };
  });
}
