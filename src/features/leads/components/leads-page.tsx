import { getDb } from "@/db/client";
import { type Actor, isAdmin } from "@/features/accounts/load-actor";
import { listLeadAssignees } from "../list-lead-assignees";
import { listLeads } from "../list-leads";
import type { LeadActions } from "./lead-table";
import { LeadsConsole } from "./leads-console";

/** Loads the view in the URL for the actor and renders the shared console (used by both lead pages). */
export async function LeadsPage({
  actor,
  basePath,
  searchParams,
  actions,
}: {
  actor: Actor;
  basePath: string;
  searchParams: Record<string, string | string[] | undefined>;
  actions: LeadActions;
}) {
  const params = Object.fromEntries(
    Object.entries(searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
  );
  const db = await getDb();
  const list = await listLeads(db, actor, params);
  if (!list.ok) throw new Error(list.message);
  const assignees = isAdmin(actor) ? await listLeadAssignees(db, actor) : null;
  return (
    <LeadsConsole
      list={list}
      actor={{ id: actor.id, name: actor.name, isAdmin: isAdmin(actor) }}
      basePath={basePath}
      assignees={assignees?.ok ? assignees.assignees : []}
      actions={actions}
    />
  );
}
