"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { LeadFilter } from "@/features/leads/lead-view";
import type { Assignee } from "@/features/leads/list-lead-assignees";
import { LEAD_SORTS, LEAD_STATUSES, SORT_LABELS, STATUS_LABELS } from "@/features/leads/options";
import { PageHeader } from "@/ui/card";
import { Pagination } from "@/ui/pagination";
import { LeadTable } from "./lead-table";
import type { PackedRow } from "./rows";
import type { LeadActions, TableActor } from "./types";

/** An owner filter entry: its key (open, mine, all or an owner's id), its text with the count, its link. */
export type OwnerEntry = [key: string, text: string, href: string];

/** Where the view is among its pages; the total as shown ("1,000+" where counting stopped at the cap). */
export type Paging = {
  page: number;
  pageSize: number;
  total: number;
  totalLabel: string | null;
  hasNext: boolean;
};

/** A dashboard slice the view is narrowed by: its description (server-rendered) and its URL parameters. */
export type SliceView = { note: ReactNode; params: [key: string, value: string][] };

/** The console's markup (styled by .lead-owners, .lead-filters and .lead-table in globals.css). */
export function LeadsView({
  owners,
  filter,
  exportHref,
  paging: { page, pageSize, total, totalLabel, hasNext },
  slice,
  basePath,
  rows,
  actor,
  assignees,
  actions,
}: {
  owners: OwnerEntry[];
  filter: LeadFilter;
  exportHref: string;
  paging: Paging;
  slice: SliceView;
  basePath: string;
  rows: PackedRow[];
  actor: TableActor;
  assignees: Assignee[];
  actions: LeadActions;
}) {
  return (
    <>
      <PageHeader
        title="Leads"
        description="Demo requests, worked to a sale. Changing the status of an open lead makes it yours."
        actions={
          <a
            href={exportHref}
            download
            className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50"
          >
            Export CSV
          </a>
        }
      />
      <nav aria-label="Owner" className="lead-owners" data-testid="owner-filter">
        {owners.map(([key, text, href]) => (
          <Link
            key={key}
            href={href}
            aria-current={filter.owner === key ? "page" : undefined}
            data-owner={key}
          >
            {text}
          </Link>
        ))}
      </nav>
      <search>
        <form action={basePath} className="lead-filters">
          {filter.owner !== "open" ? <input type="hidden" name="owner" value={filter.owner} /> : null}
          {slice.params.map(([key, value]) => (
            <input key={key} type="hidden" name={key} value={value} />
          ))}
          <div>
            <label htmlFor="lead-search">Search</label>
            <input
              id="lead-search"
              name="q"
              type="search"
              defaultValue={filter.q}
              placeholder="Name, email, company or phone"
            />
          </div>
          <div>
            <label htmlFor="lead-status">Status</label>
            <select id="lead-status" name="status" defaultValue={filter.status ?? ""}>
              <option value="">Any status</option>
              {LEAD_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="lead-sort">Sort</label>
            <select id="lead-sort" name="sort" defaultValue={filter.sort}>
              {LEAD_SORTS.map((s) => (
                <option key={s} value={s}>
                  {SORT_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Apply</button>
        </form>
      </search>
      {slice.note}
      <LeadTable rows={rows} view={filter.owner} actor={actor} assignees={assignees} actions={actions} />
      <Pagination
        page={page}
        pageSize={pageSize}
        total={total}
        totalLabel={totalLabel ?? undefined}
        hasNext={hasNext}
        basePath={basePath}
        params={{
          owner: filter.owner !== "open" ? filter.owner : undefined,
          status: filter.status,
          q: filter.q || undefined,
          sort: filter.sort !== "newest" ? filter.sort : undefined,
          ...Object.fromEntries(slice.params),
        }}
      />
    </>
  );
}
