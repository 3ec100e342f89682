import type { Metadata } from "next";
import { requirePageActor } from "@/auth/page-actor";
import { denialMessages, memberAccess } from "@/features/accounts/access";
import { ButtonLink } from "@/ui/button";
import { Card, PageHeader } from "@/ui/card";

export const metadata: Metadata = { title: "Upgrade" };

export default async function UpgradePage() {
  const actor = await requirePageActor();
  const access = memberAccess(actor);
  return (
    <>
      <PageHeader title="Keep using Frontdesk" />
      <Card className="max-w-2xl">
        {access.allowed ? (
          <p className="text-slate-700">
            Your account has access to the member area right now.{" "}
            {actor.membershipStatus === "trial" ? "You can choose a plan before your trial ends." : null}
          </p>
        ) : (
          <p className="text-slate-800" data-testid="upgrade-reason">
            {denialMessages[access.reason]}
          </p>
        )}
        <p className="mt-3 text-sm text-slate-600">
          Your plan, payment details and invoices are managed from your billing settings.
        </p>
        <div className="mt-4 flex gap-3">
          <ButtonLink href="/settings/billing">Go to billing</ButtonLink>
          {access.allowed ? (
            <ButtonLink variant="secondary" href="/dashboard">
              Back to dashboard
            </ButtonLink>
          ) : null}
        </div>
      </Card>
    </>
  );
}
