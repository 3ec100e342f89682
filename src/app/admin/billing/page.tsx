import type { Metadata } from "next";
import { requirePageActor } from "@/auth/page-actor";
import { STRIPE_EVENT_STATUSES, type StripeEventRow } from "@/features/billing/list-stripe-events";
import { listDuplicateRefundsOperation, listStripeEventsOperation } from "@/server/operations/billing";
import { Badge, Card, PageHeader } from "@/ui/card";
import { Pagination } from "@/ui/pagination";
import { serverFormat } from "@/ui/server-format";
import { TestModeBanner } from "@/ui/test-mode-banner";
import { DuplicateRefunds } from "./duplicate-refunds";
import { ReconcileButton } from "./reconcile-button";

export const metadata: Metadata = { title: "Billing" };

const tones: Record<StripeEventRow["status"], "green" | "amber" | "red" | "slate"> = {
  processed: "green",
  processing: "amber",
  failed: "red",
  ignored: "slate",
};

export default async function AdminBillingPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePageActor("admin");
  const params = await searchParams;
  const [result, duplicates] = await Promise.all([
    listStripeEventsOperation.forActor(actor, {
      status: params.status,
      type: params.type,
      page: params.page,
    }),
    listDuplicateRefundsOperation.forActor(actor),
  ]);
  if (!result.ok) throw new Error(result.message);
  if (!duplicates.ok) throw new Error(duplicates.message);
  const fmt = serverFormat();
  return (
    <>
      <PageHeader
        title="Billing"
        description="Stripe webhook events, refunded duplicate payments, and reconciliation of every subscription with Stripe."
      />
      <TestModeBanner />
      <Card className="mb-6">
        <h2 className="mb-2 font-medium">Reconcile</h2>
        <p className="mb-3 text-sm text-slate-600">
          Compares every account that has a Stripe customer with Stripe and repairs any drift. Also available
          as <code>npm run reconcile</code>.
        </p>
        <ReconcileButton />
      </Card>
      <DuplicateRefunds rows={duplicates.rows} />
      <search>
        <form className="mb-4 flex flex-wrap gap-2" action="/admin/billing">
          <label className="sr-only" htmlFor="event-status">
            Status
          </label>
          <select
            id="event-status"
            name="status"
            defaultValue={params.status ?? ""}
            className="rounded-md border border-slate-300 px-3 py-2 text-sm"
          >
            <option value="">Any status</option>
            {STRIPE_EVENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="event-type">
            Event type
          </label>
          <input
            id="event-type"
            name="type"
            defaultValue={params.type}
            placeholder="Event type, e.g. invoice"
            className="rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm">
            Filter
          </button>
        </form>
      </search>
      <ul className="space-y-2">
        {result.rows.map((event) => (
          <li key={event.id} className="rounded-lg border border-slate-200 bg-white p-3">
            <details>
              <summary className="flex cursor-pointer flex-wrap items-center gap-3 text-sm">
                <Badge tone={tones[event.status]}>{event.status}</Badge>
                <span className="font-mono text-xs">{event.type}</span>
                <span className="text-slate-500">{fmt.dateTime(event.receivedAt)}</span>
                <span className="text-slate-500">attempts: {event.attempts}</span>
                {event.error ? <span className="text-red-700">{event.error}</span> : null}
              </summary>
              <pre className="mt-2 max-h-96 overflow-auto rounded bg-slate-50 p-3 text-xs">
                {JSON.stringify(event.payload, null, 2)}
              </pre>
            </details>
          </li>
        ))}
      </ul>
      {result.rows.length === 0 ? <p className="text-sm text-slate-600">No events yet.</p> : null}
      <Pagination
        page={result.page}
        pageSize={result.pageSize}
        total={result.total}
        basePath="/admin/billing"
        params={{ status: params.status, type: params.type }}
      />
    </>
  );
}
