import type { Actor } from "@/features/accounts/load-actor";
import { plans } from "@/features/billing/plans";
import { formatMoney } from "@/lib/format";
import { teamBillingOperation } from "@/server/operations/team-billing";
import type { TeamBillingView, TeamPlanOption } from "@/ui/teams/billing-types";

// Maps the billing operation's answer into what the billing panel shows (src/ui/teams/billing-types.ts).

/** The team plans checkout offers, per seat, as the upgrade page lists them. */
export const teamPlanOptions: TeamPlanOption[] = plans
  .filter((p): p is typeof p & { key: TeamPlanOption["key"] } => p.kind === "team")
  .map((p) => ({ key: p.key, name: p.name, price: formatMoney(p.amount, p.currency), interval: p.interval }));

/** The plan, invoices and a seat raise waiting for payment, for the team's owners and admins. */
export async function readTeamBilling(actor: Actor, teamId: string): Promise<TeamBillingView | null> {
  const result = await teamBillingOperation.forActor(actor, { teamId });
  if (!result.ok) return null;
  const { plan, invoices, paymentsConfigured, pendingSeatChange } = result;
  return {
    paymentsConfigured,
    plan: plan
      ? { name: plan.name, price: formatMoney(plan.amount, plan.currency), interval: plan.interval }
      : null,
    invoices,
    pendingSeatChange: pendingSeatChange
      ? { seats: pendingSeatChange.seats, invoiceUrl: pendingSeatChange.invoiceUrl }
      : null,
  };
}
