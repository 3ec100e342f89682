import { sql } from "drizzle-orm";
import { appUrl } from "@/config/env";
import { queryRows } from "@/db/query";
import { asSystem } from "@/db/rls";
import type { Database } from "@/db/types";
import { enqueueMail } from "@/features/notifications/enqueue-mail";

export type NewLeadNotice = { id: string; name: string; email: string | null; company: string | null };

/**
 * One mail per sales rep about a new lead, written to the outbox in its own system transaction. Called only
 * after the lead's transaction committed; the outbox worker sends (and retries) over SMTP.
 */
export async function notifySalesReps(db: Database, lead: NewLeadNotice): Promise<number> {
  return asSystem(db, "new lead notification", async (tx) => {
    const reps = await queryRows<{ email: string }>(
      tx,
      sql`select u.email from profiles p join users u on u.id = p.id
          where p.is_sales and p.deactivated_at is null order by u.email`,
    );
    const who = [lead.name, lead.company ? `(${lead.company})` : null].filter(Boolean).join(" ");
    await enqueueMail(
      tx,
      reps.map((rep) => ({
        to: rep.email,
        kind: "lead.new",
        subject: `New demo request: ${who}`.slice(0, 200),
        text: [
          `${who} asked for a demo${lead.email ? ` (${lead.email})` : ""}.`,
          "",
          `It is open in the Sales Console: ${appUrl()}/sales/leads?q=${encodeURIComponent(lead.email ?? lead.name)}`,
        ].join("\n"),
      })),
    );
    return reps.length;
  });
}
