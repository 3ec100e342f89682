import type { Metadata } from "next";
import { requirePageActor } from "@/auth/page-actor";
import { memberAccess, trialDaysLeft } from "@/features/accounts/access";
import { listMyTeamSummariesOperation } from "@/server/operations/teams";
import { Card, PageHeader } from "@/ui/card";
import { MembershipBadge } from "@/ui/membership-badge";
import { serverFormat } from "@/ui/server-format";
import { TeamSeatAccess } from "@/ui/teams/team-seat-access";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const actor = await requirePageActor();
  const access = memberAccess(actor);
  const daysLeft = trialDaysLeft(actor.trialEndsAt);
  const fmt = serverFormat();
  // Only someone holding a team seat pays for this read.
  const teams = actor.hasTeamSeat ? await listMyTeamSummariesOperation.forActor(actor, {}) : null;
  return (
    <>
      <PageHeader title={`Welcome, ${actor.name}`} description="Your Frontdesk membership at a glance." />
      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <h2 className="text-sm font-medium text-slate-500">Membership</h2>
          <p className="mt-2 flex items-center gap-2 text-lg">
            <MembershipBadge status={actor.membershipStatus} />
            {actor.billingExempt ? (
              <span className="text-sm text-slate-600">Complimentary account</span>
            ) : null}
          </p>
          {teams?.ok ? <TeamSeatAccess teams={teams.teams} /> : null}
          {actor.membershipStatus === "trial" ? (
            <p className="mt-2 text-sm text-slate-700" data-testid="trial-days-left">
              {daysLeft === 1 ? "1 day left in your trial" : `${daysLeft} days left in your trial`}
              {actor.trialEndsAt ? ` (ends ${fmt.date(actor.trialEndsAt)})` : ""}
            </p>
          ) : null}
          {access.allowed && access.reason === "grace" ? (
            <p className="mt-2 text-sm text-amber-800">
              Your last payment failed. Update your payment details before{" "}
              {actor.graceEndsAt ? fmt.date(actor.graceEndsAt) : "the grace period ends"} to keep access.
            </p>
          ) : null}
        </Card>
        <Card>
          <h2 className="text-sm font-medium text-slate-500">Signed in as</h2>
          <p className="mt-2 text-lg">{actor.email}</p>
          <p className="mt-1 text-sm text-slate-600">
            {actor.role === "admin" ? "Admin" : "Member"}
            {actor.isSales ? " · Sales rep" : ""}
          </p>
        </Card>
      </div>
    </>
  );
}
