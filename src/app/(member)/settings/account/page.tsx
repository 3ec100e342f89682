import type { Metadata } from "next";
import { requirePageActor } from "@/auth/page-actor";
import { Card, PageHeader } from "@/ui/card";
import { MembershipBadge } from "@/ui/membership-badge";
import { EmailForm, NameForm, PasswordForm } from "./account-forms";

export const metadata: Metadata = { title: "Account" };

export default async function AccountSettingsPage() {
  const actor = await requirePageActor();
  return (
    <>
      <PageHeader title="Account" description="Your name, sign-in email and password." />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <h2 className="mb-3 font-medium">Profile</h2>
          <NameForm name={actor.name} />
        </Card>
        <Card>
          <h2 className="mb-3 font-medium">Email</h2>
          <EmailForm email={actor.email} />
        </Card>
        <Card>
          <h2 className="mb-3 font-medium">Password</h2>
          <PasswordForm />
        </Card>
        <Card>
          <h2 className="mb-3 font-medium">Access</h2>
          <dl className="grid grid-cols-2 gap-y-2 text-sm" data-testid="account-access">
            <dt className="text-slate-500">Role</dt>
            <dd>{actor.role === "admin" ? "Admin" : "Member"}</dd>
            <dt className="text-slate-500">Sales account</dt>
            <dd>{actor.isSales ? "Yes" : "No"}</dd>
            <dt className="text-slate-500">Membership</dt>
            <dd>
              <MembershipBadge status={actor.membershipStatus} />
            </dd>
            <dt className="text-slate-500">Billing exempt</dt>
            <dd>{actor.billingExempt ? "Yes (complimentary)" : "No"}</dd>
          </dl>
          <p className="mt-3 text-xs text-slate-500">Only an admin can change these.</p>
        </Card>
      </div>
    </>
  );
}
