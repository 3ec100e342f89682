import type { Actor } from "@/features/accounts/load-actor";
import { isAdmin } from "@/features/accounts/load-actor";
import { leadsConsoleOperation } from "@/server/operations/leads";
import { LeadsConsole } from "@/ui/leads/leads-console";
import { leadActions } from "./lead-actions";

/** The view in the URL for the actor, in the console both lead pages share (/sales/leads, /admin/leads). */
export async function LeadsPage({
  actor,
  basePath,
  searchParams,
}: {
  actor: Actor;
  basePath: string;
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const params = Object.fromEntries(
    Object.entries(searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
  );
  const result = await leadsConsoleOperation.forActor(actor, params);
  if (!result.ok) throw new Error(result.message);
  return (
    <LeadsConsole
      list={result.list}
      actor={{ id: actor.id, name: actor.name, isAdmin: isAdmin(actor) }}
      basePath={basePath}
      assignees={result.assignees}
      actions={leadActions}
    />
  );
}
