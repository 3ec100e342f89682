import type { Metadata } from "next";
import { requirePageActor } from "@/auth/page-actor";
import { LeadsPage } from "@/features/leads/components/leads-page";
import { leadActions } from "../../sales/leads/lead-actions";

export const metadata: Metadata = { title: "Leads" };

export default async function AdminLeadsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor("admin");
  return (
    <LeadsPage
      actor={actor}
      basePath="/admin/leads"
      searchParams={await searchParams}
      actions={leadActions}
    />
  );
}
