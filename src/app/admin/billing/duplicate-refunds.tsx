import type { DuplicateRefundRow } from "@/features/billing/list-duplicate-refunds";
import { formatMoney } from "@/lib/format";
import { Card } from "@/ui/card";
import { serverFormat } from "@/ui/server-format";

/** Second subscriptions paid by one account (two tabs, an old link) that the sync canceled and refunded. */
export function DuplicateRefunds({ rows }: { rows: DuplicateRefundRow[] }) {
  const fmt = serverFormat();
  return (
    <Card className="mb-6">
      <h2 className="mb-2 font-medium">Duplicate payments refunded</h2>
      <p className="mb-3 text-sm text-slate-600">
        When an account ends up paying for a second subscription, the sync keeps the oldest, cancels the other
        and refunds what it charged.
      </p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">None so far.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-3 py-2 font-medium">When</th>
                <th className="px-3 py-2 font-medium">Account</th>
                <th className="px-3 py-2 font-medium">Subscription</th>
                <th className="px-3 py-2 font-medium">Refunded</th>
                <th className="px-3 py-2 font-medium">Refund</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="border-t border-slate-100 align-top">
                  <td className="whitespace-nowrap px-3 py-2">{fmt.dateTime(row.at)}</td>
                  <td className="px-3 py-2">
                    {row.name ?? "Deleted account"}
                    {row.email ? <span className="block text-xs text-slate-500">{row.email}</span> : null}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{row.subscriptionId}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {row.currency ? formatMoney(row.amount, row.currency) : "Nothing was charged"}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">
                    {row.refundIds.length > 0 ? row.refundIds.join(", ") : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
