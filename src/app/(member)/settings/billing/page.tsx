import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requirePageActor } from "@/auth/page-actor";
import { trialDaysLeft } from "@/features/accounts/access";
import { formatMoney } from "@/lib/format";
import { billingOverviewOperation, checkoutReturnOperation } from "@/server/operations/billing";
import { listMyTeamSummariesOperation } from "@/server/operations/teams";
import { PaymentPending } from "@/ui/billing/payment-pending";
import { Card, PageHeader } from "@/ui/card";
import { FormMessage } from "@/ui/field";
import { MembershipBadge } from "@/ui/membership-badge";
import { serverFormat } from "@/ui/server-format";
import { TeamSeatAccess } from "@/ui/teams/team-seat-access";
import { TestModeBanner } from "@/ui/test-mode-banner";
import { BillingActions } from "./billing-actions";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingSettingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePageActor();
  const { checkout, welcome } = await searchParams;
  if (checkout) {
    // Back from checkout: sync now so access does not wait for the webhook, then drop the parameter.
    await checkoutReturnOperation.forActor(actor, { sessionId: checkout });
    redirect("/settings/billing?welcome=1");
  }
  const overview = await billingOverviewOperation.forActor(actor);
  if (!overview.ok) throw new Error(overview.message);
  const { billing, plan, invoices, paymentsConfigured } = overview;
  const teams = actor.hasTeamSeat ? await listMyTeamSummariesOperation.forActor(actor, {}) : null;
  const fmt = serverFormat();
  const date = (d: Date | null) => (d ? fmt.longDate(d) : "—");
  const live = actor.membershipStatus === "active" || actor.membershipStatus === "past_due";
  const subscribed = live && Boolean(billing?.subscriptionId);
  return (
    <>
      <PageHeader title="Billing" description="Your plan, payments and what happens next." />
      <TestModeBanner />
      <div className="grid max-w-3xl gap-4">
        {welcome && subscribed ? (
          <FormMessage tone="success">
            {`You are subscribed to ${plan?.name ?? "Frontdesk"}${
              actor.billingPeriodEnd
                ? ` — ${billing?.cancelAtPeriodEnd ? "ends" : "renews"} on ${date(actor.billingPeriodEnd)}`
                : ""
            }. Thank you!`}
          </FormMessage>
        ) : null}
        {welcome && !subscribed && !actor.billingExempt ? <PaymentPending /> : null}
        <Card>
          <dl className="grid grid-cols-2 gap-y-3 text-sm" data-testid="billing-summary">
            <dt className="text-slate-500">Status</dt>
            <dd>
              <MembershipBadge status={actor.membershipStatus} />
              {teams?.ok ? <TeamSeatAccess teams={teams.teams} /> : null}
            </dd>
            <dt className="text-slate-500">Plan</dt>
            <dd>
              {actor.billingExempt
                ? "Complimentary (billing exempt)"
                : plan
                  ? `${plan.name} · ${formatMoney(plan.amount, plan.currency)}`
                  : actor.membershipStatus === "trial"
                    ? "Free trial"
                    : "None"}
            </dd>
            {actor.membershipStatus === "trial" && !actor.billingExempt ? (
              <>
                <dt className="text-slate-500">Trial ends</dt>
                <dd>
                  {date(actor.trialEndsAt)} ({trialDaysLeft(actor.trialEndsAt)} days left)
                </dd>
              </>
            ) : null}
            {billing?.subscriptionId && actor.billingPeriodEnd ? (
              <>
                <dt className="text-slate-500">{billing.cancelAtPeriodEnd ? "Ends on" : "Renews on"}</dt>
                <dd data-testid="renewal-date">{date(actor.billingPeriodEnd)}</dd>
              </>
            ) : null}
            {actor.membershipStatus === "past_due" ? (
              <>
                <dt className="text-slate-500">Grace period ends</dt>
                <dd>{date(actor.graceEndsAt)}</dd>
              </>
            ) : null}
          </dl>
          {billing?.cancelAtPeriodEnd ? (
            <p className="mt-3 text-sm text-amber-800">
              Your subscription is canceled and ends on {date(actor.billingPeriodEnd)}. Resume it to keep
              access.
            </p>
          ) : null}
          {actor.membershipStatus === "past_due" && !actor.billingExempt ? (
            <p className="mt-3 text-sm text-amber-800">
              Your last payment failed. Update your card in the customer portal.
            </p>
          ) : null}
          <div className="mt-4">
            {actor.billingExempt ? null : paymentsConfigured ? (
              <BillingActions
                hasCustomer={Boolean(billing?.customerId)}
                hasSubscription={Boolean(billing?.subscriptionId) && live}
                cancelAtPeriodEnd={Boolean(billing?.cancelAtPeriodEnd)}
                canUpgrade={!live}
              />
            ) : (
              <p className="text-sm text-slate-600">Online payment is not configured on this server.</p>
            )}
          </div>
        </Card>
        {billing?.customerId ? (
          <Card>
            <h2 className="mb-3 font-medium">Invoices</h2>
            {invoices === null ? (
              <p className="text-sm text-slate-600">Invoices could not be loaded right now.</p>
            ) : invoices.length === 0 ? (
              <p className="text-sm text-slate-600">No invoices yet.</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {invoices.map((invoice) => (
                  <li key={invoice.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                    <span>{fmt.date(invoice.created)}</span>
                    <span>{invoice.number ?? invoice.id}</span>
                    <span>{formatMoney(invoice.amount, invoice.currency)}</span>
                    <span className="capitalize">{invoice.status}</span>
                    {invoice.url ? (
                      <a className="underline" href={invoice.url}>
                        View
                      </a>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}
      </div>
    </>
  );
}
