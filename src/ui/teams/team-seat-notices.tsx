import Link from "next/link";
import type { MyTeamSummary } from "@/features/teams/list-my-team-summaries";
import { noSeatReason } from "./labels";

function why(team: MyTeamSummary): string {
  if (!team.holdsSeat)
    return `${team.name} has no seat for you. ${noSeatReason(team.seatsPaid, team.members)}`;
  switch (team.billingStatus) {
    case "none":
      return `${team.name} has no subscription yet, so its seats give no access.`;
    case "past_due":
      return `${team.name}'s last payment failed and its grace period is over, so its seats give no access.`;
    default:
      return `${team.name}'s subscription has ended, so its seats give no access.`;
  }
}

/** On `/upgrade`: each of the person's teams that gives them no access, why, and whom to ask. */
export function TeamSeatNotices({ teams }: { teams: MyTeamSummary[] }) {
  const without = teams.filter((t) => !t.givesMeAccess);
  if (without.length === 0) return null;
  return (
    <ul className="mt-3 space-y-2" data-testid="team-seat-notices">
      {without.map((team) => (
        <li key={team.id} className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {why(team)}{" "}
          {team.role === "member" ? (
            `Ask the team's owner, ${team.owner.name} (${team.owner.email}), or an admin.`
          ) : (
            <Link className="font-medium underline" href={`/team/${team.id}`}>
              Manage {team.name}'s seats
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}
