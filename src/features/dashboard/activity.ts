import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import type { Tx } from "@/db/types";
import { type Span, spanWhere } from "./cohort";

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

/** What happened in the range: claims (lead_events_claims_idx) and wins (leads_won_idx). */
export async function readActivity(tx: Tx, span: Span): Promise<Activity> {
  const claims = await queryRows<{ who: string; n: string | number }>(
    tx,
    sql`select to_user_id as who, count(distinct lead_id) as n from lead_events
          where type = 'claimed' and to_user_id is not null and ${spanWhere(sql.raw("created_at"), span)}
          group by 1`,
  );
  const wins = await queryRows<{ who: string; n: string | number }>(
    tx,
    sql`select coalesce(won_by, '') as who, count(*) as n from leads
          where won_at is not null and ${spanWhere(sql.raw("won_at"), span)} group by 1`,
  );
  const revenue = await queryRows<{ who: string; currency: string; amount: string | number }>(
    tx,
    sql`select coalesce(l.won_by, '') as who, r.currency, sum(r.amount) as amount
          from leads l join lead_revenue r on r.lead_id = l.id
          where l.won_at is not null and ${spanWhere(sql.raw("l.won_at"), span)} group by 1, 2`,
  );
  const mrrWonBy = new Map<string, Amounts>();
  for (const r of revenue) {
    const amounts = mrrWonBy.get(r.who) ?? new Map();
    add(amounts, r.currency, Number(r.amount));
    mrrWonBy.set(r.who, amounts);
  }
  return {
    claimedBy: new Map(claims.map((c) => [c.who, Number(c.n)])),
    wonBy: new Map(wins.map((w) => [w.who, Number(w.n)])),
    mrrWonBy,
  };
}

export type Revenue = {
  /** Per currency: MRR now of every account that came from a lead, and how many such accounts pay. */
  total: { currency: string; amount: number; leads: number }[];
  /** The same per rep who won the lead ('' = won while nobody owned it, or not won now). */
  byWinner: Map<string, Amounts>;
};

/** Monthly recurring revenue now from accounts that came from leads: lead_revenue alone (its won_by is a copy). */
export async function readRevenue(tx: Tx): Promise<Revenue> {
  const rows = await queryRows<{
    who: string;
    currency: string;
    amount: string | number;
    leads: string | number;
  }>(
    tx,
    sql`select coalesce(won_by, '') as who, currency, sum(amount) as amount, count(*) as leads
        from lead_revenue group by 1, 2`,
  );
  const total = new Map<string, { amount: number; leads: number }>();
  const byWinner = new Map<string, Amounts>();
  for (const r of rows) {
    const t = total.get(r.currency) ?? { amount: 0, leads: 0 };
    t.amount += Number(r.amount);
    t.leads += Number(r.leads);
    total.set(r.currency, t);
    const amounts = byWinner.get(r.who) ?? new Map();
    add(amounts, r.currency, Number(r.amount));
    byWinner.set(r.who, amounts);
  }
  return {
    total: [...total].map(([currency, t]) => ({ currency, ...t })).sort((a, b) => b.amount - a.amount),
    byWinner,
  };
}
