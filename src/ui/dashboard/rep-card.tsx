import Link from "next/link";
import type { Dashboard } from "@/features/dashboard/load-dashboard";
import { Num, Section } from "./dashboard-card";
import { formatAmounts } from "./figures";
import { leadsHref } from "./leads-href";

export function RepCard({ data }: { data: Dashboard }) {
  const { range } = data;
  return (
    <Section
      title="Per rep"
      basis="activity"
      testId="per-rep"
      explains="Open now is the current state (owned, not closed). Claimed and won count what happened in the range; a win is credited to whoever owned the lead when it was won. MRR won is what those won accounts bring in per month now."
    >
      <div className="overflow-x-auto">
        <table className="w-full min-w-[32rem] text-sm">
          <thead className="text-left text-xs text-slate-600">
            <tr>
              <th className="py-1 font-normal">Person</th>
              <th className="py-1 text-right font-normal">Open now</th>
              <th className="py-1 text-right font-normal">Claimed in range</th>
              <th className="py-1 text-right font-normal">Won in range</th>
              <th className="py-1 text-right font-normal">MRR won</th>
            </tr>
          </thead>
          <tbody>
            {data.reps.map((rep) => {
              const won = { wonFrom: range.start ?? undefined, wonTo: range.end, wonBy: rep.id || "none" };
              return (
                <tr
                  key={rep.id || "unclaimed"}
                  className="border-t border-slate-100"
                  data-testid={`rep-${rep.id || "unclaimed"}`}
                >
                  <th scope="row" className="py-1.5 text-left font-normal">
                    {rep.name}
                  </th>
                  <td className="py-1.5 text-right">
                    <Num
                      href={
                        rep.id ? leadsHref({ owner: rep.id }, { open: true }) : leadsHref({ owner: "open" })
                      }
                      value={rep.openNow}
                      label={`open leads of ${rep.name}`}
                    />
                  </td>
                  <td className="py-1.5 text-right">
                    {rep.id ? (
                      <Num
                        href={leadsHref(
                          {},
                          {
                            claimedFrom: range.start ?? undefined,
                            claimedTo: range.end,
                            claimedBy: rep.id,
                          },
                        )}
                        value={rep.claimed}
                        label={`leads claimed by ${rep.name}`}
                      />
                    ) : (
                      ""
                    )}
                  </td>
                  <td className="py-1.5 text-right">
                    <Num href={leadsHref({}, won)} value={rep.won} label={`leads won by ${rep.name}`} />
                  </td>
                  <td className="py-1.5 text-right tabular-nums">
                    {rep.mrrWon.size ? (
                      <Link
                        href={leadsHref({}, { ...won, revenue: true })}
                        className="text-blue-700 hover:underline"
                      >
                        {formatAmounts(rep.mrrWon)}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
