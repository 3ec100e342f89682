import { emptySlice, leadSliceParams } from "@/features/leads/lead-slice";
import { leadViewQuery } from "@/features/leads/lead-view";
import type { Assignee } from "@/features/leads/list-lead-assignees";
import type { LeadList } from "@/features/leads/list-leads";
import { serverFormat } from "@/ui/server-format";
import { countLabel } from "./format";
import { LeadSliceNote } from "./lead-slice-note";
import { LeadsView, type OwnerEntry } from "./leads-view";
import { packRows } from "./rows";
import { describeLeadSlice } from "./slice-description";
import type { LeadActions, TableActor } from "./types";

/**
 * The lead table shared by /sales/leads and /admin/leads: owner filter with live counts, status, search,
 * sort and page, all in the URL; rows that expand into the full request, notes and timeline.
 *
 * This part runs on the server only and hands the client view plain values (links worked out here, rows
 * packed): the page inlines a client component's props into its HTML, and would inline a server-rendered
 * element tree in full, class lists and all, so the markup is left to the client component.
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
  const { filter, tallies, rows, total, totalCapped, hasNext, page, pageSize } = list;
  const href = (query: string) => (query ? `${basePath}?${query}` : basePath);
  const entry = (key: string, label: string, count: string | null): OwnerEntry => [
    key,
    count === null ? label : `${label} (${count})`,
    href(leadViewQuery({ ...filter, owner: key })),
  ];
  const owners = [
    entry("open", "Open", countLabel(tallies.open)),
    entry("mine", "Mine", countLabel(tallies.mine)),
    entry("all", "All", countLabel(tallies.all, tallies.capped)),
    ...tallies.owners.map((o) => entry(o.id, o.name, countLabel(o.count))),
  ];
  const exportQuery = leadViewQuery(filter);
  // A dashboard slice: described above the table, kept by every link and by the filter form.
  const sliceText = describeLeadSlice(filter.slice, list.sliceNames, serverFormat());
  const sliceNote = sliceText ? (
    <LeadSliceNote text={sliceText} clearHref={href(leadViewQuery({ ...filter, slice: emptySlice() }))} />
  ) : null;
  return (
    <LeadsView
      owners={owners}
      filter={filter}
      exportHref={`/api/leads/export${exportQuery ? `?${exportQuery}` : ""}`}
      paging={{ page, pageSize, total, totalLabel: countLabel(total, totalCapped), hasNext }}
      slice={{ note: sliceNote, params: [...leadSliceParams(filter.slice)] }}
      basePath={basePath}
      rows={packRows(rows)}
      actor={actor}
      assignees={assignees}
      actions={actions}
    />
  );
}
