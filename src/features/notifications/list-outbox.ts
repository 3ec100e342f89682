import { count, desc } from "drizzle-orm";
import { z } from "zod";
import { isDemoMode } from "@/config/env";
import { asSystem } from "@/db/rls";
import { mailOutbox } from "@/db/schema";
import type { Database } from "@/db/types";
import { type Actor, isAdmin } from "@/features/accounts/load-actor";
import { pageParam } from "@/lib/paging";
import { fail, type Result } from "@/lib/result";
import { maskSecretLinks } from "./mask-secret-links";

export const listOutboxSchema = z.object({
  page: pageParam,
});

const PAGE_SIZE = 25;

type OutboxMail = typeof mailOutbox.$inferSelect;

export async function listOutbox(
  db: Database,
  actor: Actor,
  input: z.output<typeof listOutboxSchema>,
): Promise<Result<{ rows: OutboxMail[]; total: number; page: number; pageSize: number }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may read the outbox.");
  const { page } = input;
  return asSystem(db, "admin reads outbox", async (tx) => {
    const rows = await tx
      .select()
      .from(mailOutbox)
      .orderBy(desc(mailOutbox.createdAt))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE);
    const [totals] = await tx.select({ total: count() }).from(mailOutbox);
    // Demo mode's outbox is the newcomer's inbox, so its links stay usable there.
    const readable = isDemoMode()
      ? rows
      : rows.map((mail) => ({ ...mail, textBody: maskSecretLinks(mail.kind, mail.textBody) }));
    return { ok: true, rows: readable, total: totals?.total ?? 0, page, pageSize: PAGE_SIZE };
  });
}
