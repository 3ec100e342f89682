import { ButtonLink } from "@/ui/button";

export type TeamPlanCard = { key: string; name: string; price: string; interval: "month" | "year" };

/**
 * The per-seat team plans with their next step: seats are bought on a team's own page, so the way there is
 * to create the team first (`/team`).
 */
export function TeamPlans({ plans, next }: { plans: TeamPlanCard[]; next: { href: string; label: string } }) {
  return (
    <div data-testid="team-plans">
      <p className="text-sm text-slate-700">
        One subscription for a whole team, paid per seat. Create the team, then buy its seats on the team's
        page and invite your people: everyone with a seat has full access.
      </p>
      <ul className="mt-4 grid gap-4 sm:grid-cols-2">
        {plans.map((plan) => (
          <li key={plan.key} className="rounded-lg border border-slate-200 bg-white p-5">
            <h3 className="font-medium">{plan.name}</h3>
            <p className="mt-1 text-2xl font-semibold">
              {plan.price}
              <span className="text-sm font-normal text-slate-600"> per seat / {plan.interval}</span>
            </p>
            <ButtonLink href={next.href} variant="secondary" className="mt-4 w-full">
              {next.label}
            </ButtonLink>
          </li>
        ))}
      </ul>
    </div>
  );
}
