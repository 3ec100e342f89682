import type { Metadata } from "next";
import { requirePageActor } from "@/auth/page-actor";
import { LeadsPage } from "@/features/leads/components/leads-page";
import { leadActions } from "./lead-actions";

export const metadata: Metadata = { title: "Leads" };

export default async function SalesLeadsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor("sales");
  return (
    <LeadsPage
      actor={actor}
      basePath="/sales/leads"
      searchParams={await searchParams}
      actions={leadActions}
    />
  );
}
