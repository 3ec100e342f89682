import { sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { mailFrom, smtpUrl } from "@/config/env";
import { queryRows } from "@/db/query";
import { asSystem } from "@/db/rls";
import type { Database } from "@/db/types";

const MAX_ATTEMPTS = 8;
type Transport = {
  sendMail: (m: { from: string; to: string; subject: string; text: string }) => Promise<unknown>;
};

/**
 * Sends due outbox mail over SMTP. Rows are taken with SKIP LOCKED so several workers never send one
 * mail twice; a failure is recorded and retried later with backoff, and never reaches the action that
 * queued the mail.
 */
export async function deliverOutbox(
  db: Database,
  transport: Transport | null = defaultTransport(),
  batch = 20,
): Promise<{ sent: number; failed: number }> {
  if (!transport) return { sent: 0, failed: 0 };
  return asSystem(db, "outbox-delivery", async (tx) => {
    const due = await queryRows<{
      id: string;
      to_address: string;
      subject: string;
      text_body: string;
      attempts: number;
    }>(
      tx,
      sql`
      select id, to_address, subject, text_body, attempts from mail_outbox
      where status = 'pending' and next_attempt_at <= now()
      order by next_attempt_at limit ${batch} for update skip locked`,
    );
    let sent = 0;
    let failed = 0;
    for (const mail of due) {
      try {
        await transport.sendMail({
          from: mailFrom(),
          to: mail.to_address,
          subject: mail.subject,
          text: mail.text_body,
        });
        await tx.execute(
          sql`update mail_outbox set status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = null where id = ${mail.id}`,
        );
        sent++;
      } catch (error) {
        failed++;
        const attempts = Number(mail.attempts) + 1;
        const message = error instanceof Error ? error.message : String(error);
        console.error(`[outbox] sending ${mail.id} failed (attempt ${attempts}):`, message);
        await tx.execute(sql`
          update mail_outbox set attempts = ${attempts}, last_error = ${message.slice(0, 500)},
            status = ${attempts >= MAX_ATTEMPTS ? "failed" : "pending"},
            next_attempt_at = now() + make_interval(secs => ${Math.min(3600, 30 * 2 ** (attempts - 1))})
          where id = ${mail.id}`);
      }
    }
    return { sent, failed };
  });
}

let cached: Transport | null | undefined;
function defaultTransport(): Transport | null {
  if (cached === undefined) {
    const url = smtpUrl();
    cached = url ? nodemailer.createTransport(url) : null;
  }
  return cached;
}
