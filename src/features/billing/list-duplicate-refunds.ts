import { and, desc, eq, inArray } from "drizzle-orm";
import { asSystem } from "@/db/rls";
import { auditLog, users } from "@/db/schema";
import type { Database } from "@/db/types";
import { type Actor, isAdmin } from "@/features/accounts/load-actor";
import { fail, type Result } from "@/lib/result";

export type DuplicateRefundRow = {
  id: string;
  at: Date;
  /** The account that paid twice; empty for a team. */
  userId: string;
  /** The team that paid twice, when it was a team's customer. */
  teamId?: string;
  email: string | null;
  /** The account's name, or "Team <name>" for a team. */
  name: string | null;
  subscriptionId: string;
  /** In the currency's smallest unit; 0 when the duplicate had nothing paid to give back. */
  amount: number;
  currency: string | null;
  refundIds: string[];
};

const LIMIT = 50;

type Details = {
  team?: string;
  subscription?: string;
  amount?: number;
  currency?: string | null;
  refunds?: { id: string }[];
};

/**
 * Duplicate subscriptions the sync canceled and refunded (an account's or a team's), newest first, for admins (the audit log is
 * system-only, so it is read through the system path once the actor is known to be an admin).
 */
export async function listDuplicateRefunds(
  db: Database,
  actor: Actor,
): Promise<Result<{ rows: DuplicateRefundRow[] }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may read refunded duplicate payments.");
  const found = await asSystem(db, "admin reads refunded duplicates", (tx) =>
    tx
      .select({
        id: auditLog.id,
        at: auditLog.createdAt,
        subjectType: auditLog.subjectType,
        subjectId: auditLog.subjectId,
        details: auditLog.details,
        email: users.email,
        name: users.name,
      })
      .from(auditLog)
      .leftJoin(users, and(eq(auditLog.subjectType, "user"), eq(users.id, auditLog.subjectId)))
      .where(
        and(
          eq(auditLog.action, "billing.duplicate_refunded"),
          inArray(auditLog.subjectType, ["user", "team"]),
        ),
      )
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(LIMIT),
  );
  const rows = found.map((row): DuplicateRefundRow => {
    const details = row.details as Details;
    const isTeam = row.subjectType === "team";
    return {
      id: row.id,
      at: row.at,
      userId: isTeam ? "" : (row.subjectId ?? ""),
      ...(isTeam ? { teamId: row.subjectId ?? "" } : {}),
      email: row.email,
      name: isTeam ? `Team ${details.team ?? ""}`.trim() : row.name,
      subscriptionId: details.subscription ?? "",
      amount: details.amount ?? 0,
      currency: details.currency ?? null,
      refundIds: (details.refunds ?? []).map((r) => r.id),
    };
  });
  return { ok: true, rows };
}
