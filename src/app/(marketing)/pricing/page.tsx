import type { Metadata } from "next";
import { headers } from "next/headers";
import { currentPageActor } from "@/auth/page-actor";
import { formatMoney } from "@/lib/format";
import { planPricesOperation } from "@/server/operations/billing";
import { PlanPicker } from "@/ui/billing/plan-picker";
import { ButtonLink } from "@/ui/button";
import { TeamPlans } from "@/ui/teams/team-plans";
import { TestModeBanner } from "@/ui/test-mode-banner";

export const metadata: Metadata = { title: "Pricing" };

export default async function PricingPage() {
  const [actor, result] = await Promise.all([currentPageActor(), planPricesOperation(await headers(), {})]);
  if (!result.ok) throw new Error(result.message);
  const individual = result.prices.filter((p) => p.kind === "individual");
  const team = result.prices.filter((p) => p.kind === "team");
  const paying = actor?.membershipStatus === "active" || actor?.membershipStatus === "past_due";
  return (
    <main className="mx-auto max-w-5xl px-4 pt-8 pb-20">
      <h1 className="text-3xl font-semibold tracking-tight">Pricing</h1>
      <p className="mt-2 max-w-2xl text-slate-700">
        Every account starts with a free 14-day trial, no card needed. Then one plan, billed monthly or
        yearly; cancel at the end of any period.
      </p>
      <div className="mt-6">
        <TestModeBanner />
      </div>
      <section aria-label="Plans for one person" className="mt-2 max-w-3xl" data-testid="plans">
        {actor && !actor.billingExempt && !paying ? (
          <PlanPicker
            plans={individual.map((p) => ({
              key: p.key,
              name: p.name,
              price: formatMoney(p.amount, p.currency),
              interval: p.interval,
            }))}
          />
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2">
            {individual.map((p) => (
              <li key={p.key} className="rounded-lg border border-slate-200 bg-white p-5">
                <h2 className="font-medium">{p.name}</h2>
                <p className="mt-1 text-2xl font-semibold">
                  {formatMoney(p.amount, p.currency)}
                  <span className="text-sm font-normal text-slate-600"> / {p.interval}</span>
                </p>
                <div className="mt-4">
                  {!actor ? (
                    <ButtonLink href="/signup?next=/pricing" className="w-full">
                      Start free trial
                    </ButtonLink>
                  ) : actor.billingExempt ? (
                    <p className="text-sm text-slate-700">Your account is complimentary.</p>
                  ) : (
                    <ButtonLink href="/settings/billing" variant="secondary" className="w-full">
                      Manage your subscription
                    </ButtonLink>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="team-plans-heading" className="mt-10 max-w-3xl">
        <h2 id="team-plans-heading" className="text-lg font-medium">
          Teams
        </h2>
        <TeamPlans
          plans={team.map((p) => ({
            key: p.key,
            name: p.name,
            price: formatMoney(p.amount, p.currency),
            interval: p.interval,
          }))}
          next={
            actor
              ? { href: "/team", label: "Create a team" }
              : { href: "/signup?next=/team", label: "Sign up, then create a team" }
          }
        />
      </section>
    </main>
  );
}
