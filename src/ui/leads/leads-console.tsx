import clsx from "clsx";
import Link from "next/link";
import { leadViewQuery } from "@/features/leads/lead-view";
import type { Assignee } from "@/features/leads/list-lead-assignees";
import type { LeadList } from "@/features/leads/list-leads";
import { LEAD_SORTS, LEAD_STATUSES, SORT_LABELS, STATUS_LABELS } from "@/features/leads/options";
import { PageHeader } from "@/ui/card";
import { Pagination } from "@/ui/pagination";
import { countLabel } from "./format";
import { LeadTable } from "./lead-table";
import type { LeadActions, TableActor } from "./types";

/**
 * The lead table shared by /sales/leads and /admin/leads: owner filter with live counts, status, search,
 * sort and page, all in the URL; rows that expand into the full request, notes and timeline.
 */
export function LeadsConsole({
  list,
  actor,
  basePath,
  assignees,
  actions,
}: {
  list: LeadList;
  actor: TableActor;
  basePath: string;
  assignees: Assignee[];
  actions: LeadActions;
}) {
  const { filter, tallies } = list;
  const href = (owner: string) => {
    const qs = leadViewQuery({ ...filter, owner });
    return qs ? `${basePath}?${qs}` : basePath;
  };
  const ownerEntries = [
    { key: "open", label: "Open", count: countLabel(tallies.open) },
    { key: "mine", label: "Mine", count: countLabel(tallies.mine) },
    { key: "all", label: "All", count: countLabel(tallies.all, tallies.capped) },
    ...tallies.owners.map((o) => ({ key: o.id, label: o.name, count: countLabel(o.count) })),
  ];
  const exportQuery = leadViewQuery(filter);
  return (
    <>
      <PageHeader
        title="Leads"
        description="Demo requests, worked to a sale. Changing the status of an open lead makes it yours."
        actions={
          <a
            href={`/api/leads/export${exportQuery ? `?${exportQuery}` : ""}`}
            download
            className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50"
          >
            Export CSV
          </a>
        }
      />
      <nav aria-label="Owner" className="mb-4 flex flex-wrap gap-2" data-testid="owner-filter">
        {ownerEntries.map((entry) => {
          const current = filter.owner === entry.key;
          return (
            <Link
              key={entry.key}
              href={href(entry.key)}
              aria-current={current ? "page" : undefined}
              data-owner={entry.key}
              className={clsx(
                "rounded-full border px-3 py-1 text-sm",
                current
                  ? "border-[var(--shell-accent,#3b6cf6)] bg-[var(--shell-accent,#3b6cf6)] text-white"
                  : "border-slate-300 bg-white hover:bg-slate-50",
              )}
            >
              {entry.count === null ? entry.label : `${entry.label} (${entry.count})`}
            </Link>
          );
        })}
      </nav>
      <search>
        <form action={basePath} className="mb-4 grid gap-3 sm:grid-cols-[1fr_auto_auto_auto] sm:items-end">
          {filter.owner !== "open" ? <input type="hidden" name="owner" value={filter.owner} /> : null}
          <div>
            <label htmlFor="lead-search" className="block text-sm font-medium text-slate-700">
              Search
            </label>
            <input
              id="lead-search"
              name="q"
              type="search"
              defaultValue={filter.q}
              placeholder="Name, email, company or phone"
              className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
          </div>
          <div>
            <label htmlFor="lead-status" className="block text-sm font-medium text-slate-700">
              Status
            </label>
            <select
              id="lead-status"
              name="status"
              defaultValue={filter.status ?? ""}
              className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
            >
              <option value="">Any status</option>
              {LEAD_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="lead-sort" className="block text-sm font-medium text-slate-700">
              Sort
            </label>
            <select
              id="lead-sort"
              name="sort"
              defaultValue={filter.sort}
              className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
            >
              {LEAD_SORTS.map((s) => (
                <option key={s} value={s}>
                  {SORT_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <button
            type="submit"
            className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50"
          >
            Apply
          </button>
        </form>
      </search>
      <LeadTable rows={list.rows} actor={actor} assignees={assignees} actions={actions} />
      <Pagination
        page={list.page}
        pageSize={list.pageSize}
        total={list.total}
        totalLabel={countLabel(list.total, list.totalCapped) ?? undefined}
        hasNext={list.hasNext}
        basePath={basePath}
        params={{
          owner: filter.owner !== "open" ? filter.owner : undefined,
          status: filter.status,
          q: filter.q || undefined,
          sort: filter.sort !== "newest" ? filter.sort : undefined,
        }}
      />
    </>
  );
}
