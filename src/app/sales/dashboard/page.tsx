import type { Metadata } from "next";
import { requirePageActor } from "@/auth/page-actor";
import { loadDashboardOperation } from "@/server/operations/dashboard";
import { PageHeader } from "@/ui/card";
import { SalesDashboard } from "@/ui/dashboard/sales-dashboard";
import { serverFormat } from "@/ui/server-format";

export const metadata: Metadata = { title: "Sales dashboard" };

export default async function SalesDashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor("sales");
  const result = await loadDashboardOperation.forActor(actor, await searchParams);
  if (!result.ok) throw new Error(result.message);
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="What the pipeline holds now, how the leads submitted in the range moved, and what each person did. Every number opens the leads behind it."
      />
      <SalesDashboard data={result} format={serverFormat()} />
    </>
  );
}
