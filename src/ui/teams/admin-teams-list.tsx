import Link from "next/link";
import type { AdminTeamRow } from "@/features/teams/list-all-teams";
import { Badge, Card } from "@/ui/card";
import { serverFormat } from "@/ui/server-format";
import { billingStatusLabel, billingStatusTone, membersWord } from "./labels";
import { StripeCustomerLink } from "./stripe-customer-link";

/** `/admin/teams`: one card per team, readable at phone width (no wide table). */
export function AdminTeamsList({ rows, query }: { rows: AdminTeamRow[]; query: string }) {
  const fmt = serverFormat();
  if (rows.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        {query ? `No teams match “${query}”.` : "No team has been created yet."}
      </p>
    );
  }
  return (
    <ul className="space-y-3" data-testid="admin-teams">
      {rows.map((team) => (
        <li key={team.id} data-testid={`admin-team-${team.name}`}>
          <Card>
            <div className="flex flex-wrap items-center gap-2">
              <Link
                href={`/team/${team.id}`}
                className="font-medium text-brand-700 underline-offset-2 hover:underline"
              >
                {team.name}
              </Link>
              <Badge tone={billingStatusTone[team.billingStatus]}>
                {billingStatusLabel[team.billingStatus]}
              </Badge>
              {team.cancelAtPeriodEnd ? <Badge tone="amber">Canceled at period end</Badge> : null}
              {team.members > team.seatsPaid &&
              (team.billingStatus === "active" || team.billingStatus === "past_due") ? (
                <Badge tone="red">Fewer seats than members</Badge>
              ) : null}
            </div>
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
              <dt className="text-slate-500">Owner</dt>
              <dd className="min-w-0 break-words">
                <Link className="underline" href={`/admin/users?q=${encodeURIComponent(team.owner.email)}`}>
                  {team.owner.name}
                </Link>{" "}
                <span className="block break-all text-slate-600">{team.owner.email}</span>
              </dd>
              <dt className="text-slate-500">Members</dt>
              <dd>
                {membersWord(team.members)}
                {team.pending > 0 ? `, ${team.pending} invited` : ""}
              </dd>
              <dt className="text-slate-500">Seats used / paid</dt>
              <dd data-testid="admin-team-seats">
                {team.seatsUsed} / {team.seatsPaid}
              </dd>
              <dt className="text-slate-500">
                {team.billingStatus === "inactive" || team.billingStatus === "none"
                  ? "Period ended"
                  : team.cancelAtPeriodEnd
                    ? "Ends on"
                    : "Renews on"}
              </dt>
              <dd>{team.periodEnd ? fmt.date(team.periodEnd) : "—"}</dd>
              <dt className="text-slate-500">Stripe customer</dt>
              <dd className="min-w-0">
                <StripeCustomerLink customerId={team.stripeCustomerId} />
              </dd>
              <dt className="text-slate-500">Created</dt>
              <dd>{fmt.date(team.createdAt)}</dd>
            </dl>
          </Card>
        </li>
      ))}
    </ul>
  );
}
