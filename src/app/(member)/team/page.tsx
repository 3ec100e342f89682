import type { Metadata } from "next";
import { requirePageActor } from "@/auth/page-actor";
import { listMyTeamSummariesOperation } from "@/server/operations/teams";
import { Card, PageHeader } from "@/ui/card";
import { FormMessage } from "@/ui/field";
import { CreateTeamForm } from "@/ui/teams/create-team-form";
import { MyTeamsList } from "@/ui/teams/my-teams-list";
import { createTeamAction } from "./actions";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePageActor();
  const { deleted, left } = await searchParams;
  const result = await listMyTeamSummariesOperation.forActor(actor);
  if (!result.ok) throw new Error(result.message);
  return (
    <>
      <PageHeader
        title="Teams"
        description="A team buys seats for its people: everyone with a seat has full access to Frontdesk."
      />
      <div className="grid max-w-3xl gap-6">
        {deleted ? <FormMessage tone="success">The team was deleted.</FormMessage> : null}
        {left ? <FormMessage tone="success">You left the team.</FormMessage> : null}
        <section aria-labelledby="my-teams-heading">
          <h2 id="my-teams-heading" className="mb-3 text-lg font-medium">
            Your teams
          </h2>
          <MyTeamsList teams={result.teams} />
        </section>
        <Card>
          <h2 className="mb-3 text-lg font-medium">Create a team</h2>
          <CreateTeamForm action={createTeamAction} />
        </Card>
      </div>
    </>
  );
}
