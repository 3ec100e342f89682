import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/auth/page-actor";
import { AUDIT_ACTIONS } from "@/features/audit/audit-actions";
import { listAuditOperation } from "@/server/operations/admin-logs";
import { PageHeader } from "@/ui/card";
import { Pagination } from "@/ui/pagination";
import { serverFormat } from "@/ui/server-format";

export const metadata: Metadata = { title: "Audit log" };

const fieldClass = "mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";

/** A detail value as a person reads it (the raw JSON stays one click away). */
const detailText = (value: unknown) =>
  value === null || value === undefined
    ? "—"
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value);

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePageActor("admin");
  const params = await searchParams;
  const result = await listAuditOperation.forActor(actor, params);
  if (!result.ok) throw new Error(result.message);
  const fmt = serverFormat();
  return (
    <>
      <PageHeader title="Audit log" description={`Who changed what, and when. Times in ${fmt.timeZone}.`} />
      <search>
        <form action="/admin/audit" className="mb-4 grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end">
          <div>
            <label htmlFor="audit-action" className="block text-sm font-medium text-slate-700">
              What
            </label>
            <select id="audit-action" name="action" defaultValue={params.action ?? ""} className={fieldClass}>
              <option value="">Every action</option>
              {Object.entries(AUDIT_ACTIONS).map(([action, label]) => (
                <option key={action} value={action}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="audit-who" className="block text-sm font-medium text-slate-700">
              Who
            </label>
            <select id="audit-who" name="who" defaultValue={params.who ?? ""} className={fieldClass}>
              <option value="">Anyone</option>
              <option value="system">The system</option>
              {result.actors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="audit-q" className="block text-sm font-medium text-slate-700">
              Search
            </label>
            <input
              id="audit-q"
              name="q"
              type="search"
              defaultValue={params.q}
              placeholder="Email or action"
              className={fieldClass}
            />
          </div>
          <button
            type="submit"
            className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50"
          >
            Filter
          </button>
        </form>
      </search>
      {result.rows.length === 0 ? <p className="text-sm text-slate-600">Nothing recorded here yet.</p> : null}
      <ol className="space-y-2" data-testid="audit-entries">
        {result.rows.map((row) => (
          <li key={row.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
            <p className="break-words text-slate-900">{row.sentence}.</p>
            <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-500">
              <time dateTime={row.createdAt.toISOString()}>{fmt.dateTime(row.createdAt)}</time>
              {row.subject.href ? (
                <Link href={row.subject.href} className="underline">
                  {row.subject.type === "lead" ? "Open the lead" : "Open the account"}
                </Link>
              ) : null}
            </p>
            {Object.keys(row.details).length > 0 ? (
              <details className="mt-2">
                <summary className="cursor-pointer text-xs text-slate-600">Details</summary>
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
                  {Object.entries(row.details).map(([key, value]) => (
                    <div key={key} className="contents">
                      <dt className="text-slate-500">{key}</dt>
                      <dd className="min-w-0 break-all font-mono">{detailText(value)}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            ) : null}
          </li>
        ))}
      </ol>
      <Pagination
        page={result.page}
        pageSize={result.pageSize}
        total={result.total}
        basePath="/admin/audit"
        params={{ q: params.q, action: params.action, who: params.who }}
      />
    </>
  );
}
