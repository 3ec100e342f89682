import type { Metadata } from "next";
import { requirePageActor } from "@/auth/page-actor";
import { denialMessages, memberAccess } from "@/features/accounts/access";
import { individualPlans, plans } from "@/features/billing/plans";
import { formatMoney } from "@/lib/format";
import { listMyTeamSummariesOperation } from "@/server/operations/teams";
import { PlanPicker } from "@/ui/billing/plan-picker";
import { ButtonLink } from "@/ui/button";
import { Card, PageHeader } from "@/ui/card";
import { FormMessage } from "@/ui/field";
import { TeamPlans } from "@/ui/teams/team-plans";
import { TeamSeatNotices } from "@/ui/teams/team-seat-notices";
import { TestModeBanner } from "@/ui/test-mode-banner";

export const metadata: Metadata = { title: "Upgrade" };

/** What the page is for this person: nobody who pays or is comped is told to "keep using" it. */
function greeting(exempt: boolean, paying: boolean, allowed: boolean): string {
  if (exempt) return "Your account is complimentary";
  if (paying) return "Your plan";
  return allowed ? "Choose a plan" : "Choose a plan to continue";
}

export default async function UpgradePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePageActor();
  const { checkout } = await searchParams;
  const access = memberAccess(actor);
  const teams = await listMyTeamSummariesOperation.forActor(actor);
  const paying = actor.membershipStatus === "active" || actor.membershipStatus === "past_due";
  return (
    <>
      <PageHeader title={greeting(actor.billingExempt, paying, access.allowed)} />
      <TestModeBanner />
      <Card className="mb-6 max-w-3xl">
        {access.allowed ? (
          <p className="text-slate-700">
            Your account has access to the member area right now.
            {actor.membershipStatus === "trial" ? " Choose a plan before your trial ends to keep it." : null}
          </p>
        ) : (
          <p className="text-slate-800" data-testid="upgrade-reason">
            {denialMessages[access.reason]}
          </p>
        )}
        <TeamSeatNotices teams={teams.ok ? teams.teams : []} />
        {checkout === "canceled" ? (
          <FormMessage>Checkout was canceled; nothing was charged.</FormMessage>
        ) : null}
      </Card>
      {actor.billingExempt ? (
        <p className="text-sm text-slate-700">Your account is complimentary: there is nothing to pay.</p>
      ) : paying ? (
        <p className="text-sm text-slate-700">
          You already have a subscription.{" "}
          <ButtonLink href="/settings/billing" variant="secondary">
            Manage billing
          </ButtonLink>
        </p>
      ) : (
        <div className="max-w-3xl">
          <PlanPicker
            plans={individualPlans.map((p) => ({
              key: p.key,
              name: p.name,
              price: formatMoney(p.amount, p.currency),
              interval: p.interval,
            }))}
          />
        </div>
      )}
      {actor.billingExempt ? null : (
        <section aria-labelledby="team-plans-heading" className="mt-10 max-w-3xl">
          <h2 id="team-plans-heading" className="text-lg font-medium">
            For teams
          </h2>
          <TeamPlans
            plans={plans
              .filter((p) => p.kind === "team")
              .map((p) => ({
                key: p.key,
                name: p.name,
                price: formatMoney(p.amount, p.currency),
                interval: p.interval,
              }))}
            next={{ href: "/team", label: "Create a team" }}
          />
        </section>
      )}
    </>
  );
}
