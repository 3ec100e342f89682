import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/auth/page-actor";
import { LEAD_STATUSES, STATUS_LABELS } from "@/features/leads/options";
import { adminOverviewOperation } from "@/server/operations/accounts";
import { Card, PageHeader } from "@/ui/card";

export const metadata: Metadata = { title: "Admin overview" };

export default async function AdminOverviewPage() {
  const actor = await requirePageActor("admin");
  const result = await adminOverviewOperation.forActor(actor);
  if (!result.ok) throw new Error(result.message);
  const o = result.overview;
  const stats: [string, number][] = [
    ["Users", o.users],
    ["Admins", o.admins],
    ["Sales reps", o.salesReps],
    ["Billing exempt", o.billingExempt],
    ["On trial", o.byStatus.trial],
    ["Active", o.byStatus.active],
    ["Past due", o.byStatus.past_due],
    ["Inactive", o.byStatus.inactive],
  ];
  return (
    <>
      <PageHeader title="Overview" description="Accounts, memberships, leads and billing right now." />
      <StatGrid stats={stats} />
      <h2 className="mt-8 mb-3 font-medium">Leads by status</h2>
      <StatGrid stats={LEAD_STATUSES.map((s) => [STATUS_LABELS[s], o.leadsByStatus[s] ?? 0])} />
      <p className="mt-3 text-sm">
        <Link href="/sales/dashboard" className="underline">
          Open the sales dashboard
        </Link>{" "}
        for the funnel, time to first contact, results per rep and revenue from leads.
      </p>
      <h2 className="mt-8 mb-3 font-medium">Billing</h2>
      <Card className={o.recentWebhookFailures > 0 ? "border-red-300" : undefined}>
        <p className="text-sm text-slate-500">Webhook failures, last 7 days</p>
        <p className="mt-1 text-2xl font-semibold">{o.recentWebhookFailures}</p>
        <Link href="/admin/billing?status=failed" className="text-sm underline">
          See failed events
        </Link>
      </Card>
    </>
  );
}

function StatGrid({ stats }: { stats: [string, number][] }) {
  return (
    <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
      {stats.map(([label, value]) => (
        <Card key={label}>
          <p className="text-sm text-slate-500">{label}</p>
          <p className="mt-1 text-2xl font-semibold">{value}</p>
        </Card>
      ))}
    </div>
  );
}
