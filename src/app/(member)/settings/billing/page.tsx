import type { Metadata } from "next";
import { requirePageActor } from "@/auth/page-actor";
import { trialDaysLeft } from "@/features/accounts/access";
import { Card, PageHeader } from "@/ui/card";
import { MembershipBadge } from "@/ui/membership-badge";

export const metadata: Metadata = { title: "Billing" };

const date = (d: Date | null) => (d ? d.toLocaleDateString("en", { dateStyle: "long" }) : "—");

export default async function BillingSettingsPage() {
  const actor = await requirePageActor();
  return (
    <>
      <PageHeader title="Billing" description="Your membership and what happens next." />
      <Card className="max-w-2xl">
        <dl className="grid grid-cols-2 gap-y-3 text-sm" data-testid="billing-summary">
          <dt className="text-slate-500">Status</dt>
          <dd>
            <MembershipBadge status={actor.membershipStatus} />
          </dd>
          {actor.billingExempt ? (
            <>
              <dt className="text-slate-500">Plan</dt>
              <dd>Complimentary (billing exempt)</dd>
            </>
          ) : null}
          {actor.membershipStatus === "trial" ? (
            <>
              <dt className="text-slate-500">Trial ends</dt>
              <dd>
                {date(actor.trialEndsAt)} ({trialDaysLeft(actor.trialEndsAt)} days left)
              </dd>
            </>
          ) : null}
          {actor.billingPeriodEnd ? (
            <>
              <dt className="text-slate-500">Current period ends</dt>
              <dd>{date(actor.billingPeriodEnd)}</dd>
            </>
          ) : null}
          {actor.membershipStatus === "past_due" ? (
            <>
              <dt className="text-slate-500">Grace period ends</dt>
              <dd>{date(actor.graceEndsAt)}</dd>
            </>
          ) : null}
        </dl>
      </Card>
    </>
  );
}
