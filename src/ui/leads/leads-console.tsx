import { leadViewQuery } from "@/features/leads/lead-view";
import type { Assignee } from "@/features/leads/list-lead-assignees";
import type { LeadList } from "@/features/leads/list-leads";
import { countLabel } from "./format";
import { LeadsView, type OwnerEntry } from "./leads-view";
import { packRows } from "./rows";
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
  return (
    <LeadsView
      owners={owners}
      filter={filter}
      exportHref={`/api/leads/export${exportQuery ? `?${exportQuery}` : ""}`}
      paging={{ page, pageSize, total, totalLabel: countLabel(total, totalCapped), hasNext }}
      basePath={basePath}
      rows={packRows(rows)}
      actor={actor}
      assignees={assignees}
      actions={actions}
    />
  );
}
