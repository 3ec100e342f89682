import type { Metadata } from "next";
import { requirePageActor } from "@/auth/page-actor";
import { listAllTeamsOperation } from "@/server/operations/teams";
import { PageHeader } from "@/ui/card";
import { Pagination } from "@/ui/pagination";
import { SearchForm } from "@/ui/search-form";
import { AdminTeamsList } from "@/ui/teams/admin-teams-list";

export const metadata: Metadata = { title: "Teams" };

export default async function AdminTeamsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePageActor("admin");
  const params = await searchParams;
  const result = await listAllTeamsOperation.forActor(actor, { q: params.q, page: params.page });
  if (!result.ok) throw new Error(result.message);
  return (
    <>
      <PageHeader
        title="Teams"
        description="Every team: its owner, members, seats used and paid, billing status and Stripe customer."
      />
      <SearchForm
        action="/admin/teams"
        label="Search teams"
        placeholder="Team name, owner, or Stripe id"
        defaultValue={params.q}
      />
      <AdminTeamsList rows={result.rows} query={params.q ?? ""} />
      <Pagination
        page={result.page}
        pageSize={result.pageSize}
        total={result.total}
        basePath="/admin/teams"
        params={{ q: params.q }}
      />
    </>
  );
}
