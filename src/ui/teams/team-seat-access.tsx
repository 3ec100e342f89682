import Link from "next/link";
import type { MyTeamSummary } from "@/features/teams/list-my-team-summaries";

/**
 * Why someone whose own membership has lapsed can still use the member area: a seat in a team that pays.
 * Without it the page would show "Inactive" beside a member area that works.
 */
export function TeamSeatAccess({ teams }: { teams: Pick<MyTeamSummary, "id" | "name" | "givesMeAccess">[] }) {
  const giving = teams.filter((t) => t.givesMeAccess);
  if (giving.length === 0) return null;
  return (
    <p className="mt-2 text-sm text-slate-700" data-testid="team-seat-access">
      {giving.length === 1 ? "Your seat in " : "Your seats in "}
      {giving.map((team, i) => (
        <span key={team.id}>
          {i > 0 ? (i === giving.length - 1 ? " and " : ", ") : null}
          <Link className="font-medium text-brand-600 underline" href={`/team/${team.id}`}>
            {team.name}
          </Link>
        </span>
      ))}{" "}
      {giving.length === 1 ? "gives" : "give"} you access to Frontdesk.
    </p>
  );
}
