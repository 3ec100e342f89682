import Link from "next/link";
import type { Dashboard } from "@/features/dashboard/load-dashboard";
import { Num, Section } from "./dashboard-card";
import { formatAmounts } from "./figures";
import { leadsHref } from "./leads-href";

export function RevenueCard({ data }: { data: Dashboard }) {
  return (
    <Section
      title="Recurring revenue from leads"
      basis="now"
      testId="revenue"
      explains="Monthly recurring revenue as Stripe counts it, from accounts that came from leads: active and past-due subscriptions, yearly plans divided by 12, teams as seats × price; trials and billing-exempt accounts excluded. Per currency, and per rep who won the lead."
    >
      {data.revenue.length ? (
        <div className="space-y-3 text-sm">
          <ul className="flex flex-wrap gap-3">
            {data.revenue.map((r) => (
              <li
                key={r.currency}
                className="rounded-md bg-emerald-50 p-3"
                data-testid={`revenue-${r.currency}`}
              >
                <p className="text-xl font-semibold">{formatAmounts(new Map([[r.currency, r.amount]]))}</p>
                <p className="text-xs text-slate-600">
                  per month from{" "}
                  <Num
                    href={leadsHref({}, { revenueIn: r.currency })}
                    value={r.leads}
                    label={`paying accounts from leads in ${r.currency.toUpperCase()}`}
                  />{" "}
                  {r.leads === 1 ? "account" : "accounts"}
                </p>
              </li>
            ))}
          </ul>
          <table className="w-full max-w-md text-sm">
            <thead className="text-left text-xs text-slate-600">
              <tr>
                <th className="py-1 font-normal">Won by</th>
                <th className="py-1 text-right font-normal">MRR</th>
              </tr>
            </thead>
            <tbody>
              {data.revenueByWinner.map((w) => (
                <tr key={w.id || "none"} className="border-t border-slate-100">
                  <th scope="row" className="py-1 text-left font-normal">
                    {w.id ? w.name : "Nobody (won unclaimed, or not won now)"}
                  </th>
                  <td className="py-1 text-right tabular-nums">
                    {w.id ? (
                      <Link
                        href={leadsHref({}, { revenue: true, wonBy: w.id })}
                        className="text-blue-700 hover:underline"
                      >
                        {formatAmounts(w.amounts)}
                      </Link>
                    ) : (
                      formatAmounts(w.amounts)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-slate-600">No account that came from a lead pays yet.</p>
      )}
    </Section>
  );
}
