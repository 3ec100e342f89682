import { sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { mailFrom, smtpUrl } from "@/config/env";
import { queryRows } from "@/db/query";
import { asSystem } from "@/db/rls";
import type { Database } from "@/db/types";

const MAX_ATTEMPTS = 8;
/** How long a taken mail is left to its sender before another worker may try it (a crashed sender). */
const LEASE_SECONDS = 300;

type Transport = {
  sendMail: (m: { from: string; to: string; subject: string; text: string }) => Promise<unknown>;
};
type DueMail = { id: string; to_address: string; subject: string; text_body: string; attempts: number };

/**
 * Sends due outbox mail over SMTP. Mail is taken in one short transaction (SKIP LOCKED, with a lease), so
 * several workers never send one mail twice and no database transaction waits on the SMTP server; each
 * result is then recorded on its own. A failure is retried later with backoff and never reaches the
 * action that queued the mail.
 */
export async function deliverOutbox(
  db: Database,
  transport: Transport | null = defaultTransport(),
  batch = 20,
): Promise<{ sent: number; failed: number }> {
  if (!transport) return { sent: 0, failed: 0 };
  const due = await asSystem(db, "outbox: take due mail", (tx) =>
    queryRows<DueMail>(
      tx,
      sql`update mail_outbox set attempts = attempts + 1,
            next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
          where id in (select id from mail_outbox
                       where status = 'pending' and next_attempt_at <= now()
                       order by next_attempt_at limit ${batch} for update skip locked)
          returning id, to_address, subject, text_body, attempts`,
    ),
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
      await asSystem(db, "outbox: mark sent", (tx) =>
        tx.execute(
          sql`update mail_outbox set status = 'sent', sent_at = now(), last_error = null where id = ${mail.id}`,
        ),
      );
      sent++;
    } catch (error) {
      failed++;
      const attempts = Number(mail.attempts);
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[outbox] sending ${mail.id} failed (attempt ${attempts}):`, message);
      await asSystem(db, "outbox: record failure", (tx) =>
        tx.execute(sql`
          update mail_outbox set last_error = ${message.slice(0, 500)},
            status = ${attempts >= MAX_ATTEMPTS ? "failed" : "pending"},
            next_attempt_at = now() + make_interval(secs => ${Math.min(3600, 30 * 2 ** (attempts - 1))})
          where id = ${mail.id}`),
      );
    }
  }
  return { sent, failed };
}

let cached: Transport | null | undefined;
function defaultTransport(): Transport | null {
  if (cached === undefined) {
    const url = smtpUrl();
    cached = url ? nodemailer.createTransport(url) : null;
  }
  return cached;
}
