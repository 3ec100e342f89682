import type { Metadata } from "next";
import { LeadsPage } from "@/app/_leads/leads-page";
import { requirePageActor } from "@/auth/page-actor";

export const metadata: Metadata = { title: "Leads" };

export default async function AdminLeadsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor("admin");
  return <LeadsPage actor={actor} basePath="/admin/leads" searchParams={await searchParams} />;
}
