import { sql } from "drizzle-orm";
import { auditLog } from "@/db/schema";
import type { Tx } from "@/db/types";

type AuditEntry = {
  action: string;
  subjectType: string;
  subjectId: string | null;
  details?: Record<string, unknown>;
};

/**
 * Appends to the audit log inside the caller's transaction. Request code cannot touch the table; the
 * SECURITY DEFINER function writes it and takes the actor from the transaction, so nobody can log as
 * someone else.
 */
export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.execute(
    sql`select app.write_audit(${entry.action}, ${entry.subjectType}, ${entry.subjectId}, ${JSON.stringify(entry.details ?? {})}::jsonb)`,
  );
}

/** The same, for system transactions (webhooks, jobs, admin work done through the system path). */
export async function writeSystemAudit(tx: Tx, actorId: string | null, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    details: entry.details ?? {},
  });
}
