import { sql } from "drizzle-orm";
import { fromJson, jsonRows } from "@/db/query";
import type { Tx } from "@/db/types";
import { type DashboardSpan, daysWhere, type JsonCount, selectPart } from "./range-sql";

/** Money per currency, in the smallest unit. */
export type Amounts = Map<string, number>;

export type Activity = {
  /** Distinct leads each person claimed in the range (a claim entry in the timeline). */
  claimedBy: Map<string, number>;
  /** Leads won in the range per owner at the moment of the win ('' = nobody owned it). */
  wonBy: Map<string, number>;
  /** Monthly recurring revenue now of the accounts from the leads won in the range, per winner. */
  mrrWonBy: Map<string, Amounts>;
};

const add = (amounts: Amounts, currency: string, amount: number) =>
  amounts.set(currency, (amounts.get(currency) ?? 0) + amount);

/**
 * What happened in the range, from the daily rollups (migration 0020). A lead a person claimed on several
 * days of the range counts once: lead_claim_repeats lists the days of such pairs, and each pair's extra
 * days in the range are taken off.
 */
export const activityPart = (span: DashboardSpan) => sql`json_build_object(
  'claims', ${jsonRows(
    sql`select user_id as w, sum(n) as n from lead_claim_days where ${daysWhere(span)}
        group by 1 having sum(n) <> 0`,
  )},
  'repeats', ${jsonRows(
    sql`select user_id as w, count(*) - count(distinct lead_id) as n from lead_claim_repeats
        where ${daysWhere(span)} group by 1`,
  )},
  'wins', ${jsonRows(
    sql`select won_by as w, sum(n) as n from lead_win_days where ${daysWhere(span)}
        group by 1 having sum(n) <> 0`,
  )},
  'mrr', ${jsonRows(
    sql`select won_by as w, currency as c, sum(amount) as a from lead_revenue_days
        where ${daysWhere(span)} group by 1, 2 having sum(leads) <> 0`,
  )}
)`;

type ActivityJson = Record<"claims" | "repeats" | "wins", { w: string; n: JsonCount }[]> & {
  mrr: { w: string; c: string; a: JsonCount }[];
};

export function parseActivity(value: unknown): Activity {
  const { claims, repeats, wins, mrr } = fromJson<ActivityJson>(value);
  const extra = new Map(repeats.map((r) => [r.w, Number(r.n)]));
  const mrrWonBy = new Map<string, Amounts>();
  for (const r of mrr) {
    const amounts = mrrWonBy.get(r.w) ?? new Map();
    add(amounts, r.c, Number(r.a));
    mrrWonBy.set(r.w, amounts);
  }
  return {
    claimedBy: new Map(
      claims.map((c) => [c.w, Number(c.n) - (extra.get(c.w) ?? 0)] as const).filter(([, n]) => n > 0),
    ),
    wonBy: new Map(wins.map((w) => [w.w, Number(w.n)])),
    mrrWonBy,
  };
}

export const readActivity = (tx: Tx, span: DashboardSpan) =>
  selectPart(tx, activityPart(span), parseActivity);

export type Revenue = {
  /** Per currency: MRR now of every account that came from a lead, and how many such accounts pay. */
  total: { currency: string; amount: number; leads: number }[];
  /** The same per rep who won the lead ('' = won while nobody owned it, or not won now). */
  byWinner: Map<string, Amounts>;
};

/** Monthly recurring revenue now from accounts that came from leads: lead_revenue_totals (migration 0020). */
export const revenuePart = () =>
  jsonRows(
    sql`select won_by as w, currency as c, amount as a, leads as n from lead_revenue_totals where leads <> 0`,
  );

export function parseRevenue(value: unknown): Revenue {
  const rows = fromJson<{ w: string; c: string; a: JsonCount; n: JsonCount }[]>(value);
  const total = new Map<string, { amount: number; leads: number }>();
  const byWinner = new Map<string, Amounts>();
  for (const r of rows) {
    const t = total.get(r.c) ?? { amount: 0, leads: 0 };
    t.amount += Number(r.a);
    t.leads += Number(r.n);
    total.set(r.c, t);
    const amounts = byWinner.get(r.w) ?? new Map();
    add(amounts, r.c, Number(r.a));
    byWinner.set(r.w, amounts);
  }
  return {
    total: [...total].map(([currency, t]) => ({ currency, ...t })).sort((a, b) => b.amount - a.amount),
    byWinner,
  };
}

export const readRevenue = (tx: Tx) => selectPart(tx, revenuePart(), parseRevenue);
