import Link from "next/link";
import type { MyTeamSummary } from "@/features/teams/list-my-team-summaries";
import { Badge } from "@/ui/card";
import { billingStatusLabel, billingStatusTone, membersWord, roleLabel } from "./labels";

/** The caller's teams on `/team`: each a link to its page, with the numbers a glance needs. */
export function MyTeamsList({ teams }: { teams: MyTeamSummary[] }) {
  if (teams.length === 0) {
    return (
      <p className="text-sm text-slate-600" data-testid="no-teams">
        You are not in a team yet. Create one below, or open the invitation link someone mailed you.
      </p>
    );
  }
  return (
    <ul className="space-y-3" data-testid="my-teams">
      {teams.map((team) => (
        <li
          key={team.id}
          className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
          data-testid={`team-${team.name}`}
        >
          <div className="flex flex-wrap items-center gap-2">
            <Link
              href={`/team/${team.id}`}
              className="font-medium text-brand-700 underline-offset-2 hover:underline"
            >
              {team.name}
            </Link>
            <Badge tone="blue">{roleLabel[team.role]}</Badge>
            <Badge tone={billingStatusTone[team.billingStatus]}>
              {billingStatusLabel[team.billingStatus]}
            </Badge>
            {team.holdsSeat ? null : <Badge tone="amber">No seat for you</Badge>}
          </div>
          <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
            <dt className="text-slate-500">Members</dt>
            <dd>{membersWord(team.members)}</dd>
            <dt className="text-slate-500">Seats used / paid</dt>
            <dd data-testid="seats">
              {team.seatsUsed} / {team.seatsPaid}
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
