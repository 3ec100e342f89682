import type { Metadata } from "next";
import { requirePageActor } from "@/auth/page-actor";
import { isDemoMode } from "@/config/env";
import { listOutboxOperation } from "@/server/operations/admin-logs";
import { Badge, PageHeader } from "@/ui/card";
import { LinkedText } from "@/ui/linked-text";
import { Pagination } from "@/ui/pagination";
import { serverFormat } from "@/ui/server-format";

export const metadata: Metadata = { title: "Outbox" };

const tones = { pending: "amber", sent: "green", failed: "red", stored: "blue" } as const;

export default async function OutboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePageActor("admin");
  const params = await searchParams;
  const result = await listOutboxOperation.forActor(actor, { page: params.page });
  if (!result.ok) throw new Error(result.message);
  const fmt = serverFormat();
  const demo = isDemoMode();
  return (
    <>
      <PageHeader
        title="Outbox"
        description="Every mail Frontdesk sends. Without SMTP configured, mail is kept here (stored) instead of sent."
      />
      <ul className="space-y-3">
        {result.rows.map((mail) => (
          <li key={mail.id} className="rounded-lg border border-slate-200 bg-white p-4">
            <details>
              <summary className="flex cursor-pointer flex-wrap items-center gap-3 text-sm">
                <Badge tone={tones[mail.status]}>{mail.status}</Badge>
                <span className="font-medium">{mail.subject}</span>
                <span className="text-slate-600">to {mail.toAddress}</span>
                <span className="text-slate-500">{fmt.dateTime(mail.createdAt)}</span>
              </summary>
              <pre className="mt-3 whitespace-pre-wrap break-words rounded bg-slate-50 p-3 text-sm">
                {/* In demo mode the outbox is the newcomer's inbox: its links work like a mail client's. */}
                {demo ? <LinkedText text={mail.textBody} /> : mail.textBody}
              </pre>
              {mail.lastError ? (
                <p className="mt-2 text-sm text-red-700">Last error: {mail.lastError}</p>
              ) : null}
            </details>
          </li>
        ))}
      </ul>
      {result.rows.length === 0 ? <p className="text-sm text-slate-600">No mail yet.</p> : null}
      <Pagination
        page={result.page}
        pageSize={result.pageSize}
        total={result.total}
        basePath="/admin/outbox"
        params={{}}
      />
    </>
  );
}
