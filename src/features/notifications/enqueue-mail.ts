import { smtpUrl } from "@/config/env";
import { mailOutbox } from "@/db/schema";
import type { Tx } from "@/db/types";

export type OutgoingMail = { to: string; subject: string; text: string; kind: string };

/**
 * Writes mail to the outbox inside the caller's (system) transaction, so it is sent if and only if the
 * action that caused it commits. Without SMTP the outbox itself is the mailbox (`stored`).
 */
export async function enqueueMail(tx: Tx, mail: OutgoingMail | OutgoingMail[]): Promise<void> {
  const list = Array.isArray(mail) ? mail : [mail];
  if (list.length === 0) return;
  const status = smtpUrl() ? "pending" : "stored";
  await tx
    .insert(mailOutbox)
    .values(
      list.map(
        (m) => ({ toAddress: m.to, subject: m.subject, textBody: m.text, kind: m.kind, status }) as const,
      ),
    );
}
