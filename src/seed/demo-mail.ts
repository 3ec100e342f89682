import { and, desc, eq } from "drizzle-orm";
import type { Auth } from "@/auth/auth";
import { asSystem } from "@/db/rls";
import { mailOutbox } from "@/db/schema";
import type { Database } from "@/db/types";

/**
 * The link in the newest mail of this kind to this address, as its reader would click it: demo mode
 * keeps mail in the outbox, and the links (a confirmation, an invitation) exist only in the mails.
 */
export async function linkInMail(db: Database, to: string, kind: string): Promise<string> {
  const [mail] = await asSystem(db, "seed: read mail", (tx) =>
    tx
      .select({ text: mailOutbox.textBody })
      .from(mailOutbox)
      .where(and(eq(mailOutbox.toAddress, to.toLowerCase()), eq(mailOutbox.kind, kind)))
      .orderBy(desc(mailOutbox.createdAt))
      .limit(1),
  );
  const link = /https?:\/\/\S+/.exec(mail?.text ?? "")?.[0];
  if (!link) throw new Error(`seed: no ${kind} mail with a link for ${to}`);
  return link;
}

/**
 * The person opens the confirmation link that sign-up mailed them: Better Auth's own verify-email endpoint
 * with the link's token, called in-process (no network, and none of the HTTP layer's per-address limits,
 * which a server's own call has no address for), marks the address verified. Opening it also signs them
 * in; they sign out again, so the seed leaves no session that nobody holds.
 */
export async function confirmDemoEmail(db: Database, auth: Auth, email: string): Promise<void> {
  const link = new URL(await linkInMail(db, email, "verify_email"));
  const opened = await auth.api.verifyEmail({
    query: {
      token: link.searchParams.get("token") ?? "",
      callbackURL: link.searchParams.get("callbackURL") ?? undefined,
    },
    asResponse: true,
  });
  const cookie = opened.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (opened.status !== 302 || !cookie) {
    throw new Error(`seed: confirming ${email} failed (${opened.status}: ${await opened.text()})`);
  }
  await auth.api.signOut({ headers: new Headers({ cookie }) });
}
