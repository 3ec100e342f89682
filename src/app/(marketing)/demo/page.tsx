import type { Metadata } from "next";
import { headers } from "next/headers";
import { issueDemoFormToken } from "@/features/leads/demo-form-token";
import { DemoForm } from "./demo-form";

export const metadata: Metadata = { title: "Book a demo" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function DemoPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const origin = {
    utmSource: first(params.utm_source),
    utmMedium: first(params.utm_medium),
    utmCampaign: first(params.utm_campaign),
    utmTerm: first(params.utm_term),
    utmContent: first(params.utm_content),
    referrer: (await headers()).get("referer") ?? "",
  };
  return (
    <main className="mx-auto max-w-3xl px-4 pt-4 pb-16">
      <h1 className="text-3xl font-semibold tracking-tight">Book a demo</h1>
      <p className="mt-2 text-slate-700">
        Tell us a little about you and what you want to solve. A person from our team will get back to you
        within one business day.
      </p>
      <DemoForm token={issueDemoFormToken()} origin={origin} />
    </main>
  );
}
