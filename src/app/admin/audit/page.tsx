import type { Metadata } from "next";
import { requirePageActor } from "@/auth/page-actor";
import { listAuditOperation } from "@/server/operations/admin-logs";
import { PageHeader } from "@/ui/card";
import { Pagination } from "@/ui/pagination";
import { SearchForm } from "@/ui/search-form";
import { serverFormat } from "@/ui/server-format";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePageActor("admin");
  const params = await searchParams;
  const result = await listAuditOperation.forActor(actor, { q: params.q, page: params.page });
  if (!result.ok) throw new Error(result.message);
  const fmt = serverFormat();
  return (
    <>
      <PageHeader title="Audit log" description="Who changed what, and when." />
      <SearchForm
        action="/admin/audit"
        label="Search the audit log"
        placeholder="Action or email"
        defaultValue={params.q}
      />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="px-3 py-2 font-medium">When</th>
              <th className="px-3 py-2 font-medium">Who</th>
              <th className="px-3 py-2 font-medium">What</th>
              <th className="px-3 py-2 font-medium">Subject</th>
              <th className="px-3 py-2 font-medium">Details</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row) => (
              <tr key={row.id} className="border-t border-slate-100 align-top">
                <td className="whitespace-nowrap px-3 py-2">{fmt.dateTime(row.createdAt)}</td>
                <td className="px-3 py-2">{row.actorName ?? "System"}</td>
                <td className="px-3 py-2 font-mono text-xs">{row.action}</td>
                <td className="px-3 py-2">{row.subjectName ?? row.subjectId ?? "—"}</td>
                <td className="px-3 py-2 font-mono text-xs text-slate-600">{JSON.stringify(row.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {result.rows.length === 0 ? (
          <p className="p-4 text-sm text-slate-600">Nothing recorded yet.</p>
        ) : null}
      </div>
      <Pagination
        page={result.page}
        pageSize={result.pageSize}
        total={result.total}
        basePath="/admin/audit"
        params={{ q: params.q }}
      />
    </>
  );
}
