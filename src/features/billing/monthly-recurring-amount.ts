import type Stripe from "stripe";

/** A subscription's monthly recurring amount, in the currency's smallest unit. */
export type MonthlyAmount = { amount: number; currency: string };

const MONTHS_PER: Record<Stripe.Price.Recurring.Interval, number> = {
  day: 12 / 365,
  week: 12 / 52,
  month: 1,
  year: 12,
};

/**
 * What the subscription brings in per month as Stripe reports recurring revenue (SPEC §3): each item's
 * quantity × unit amount, a yearly price divided by 12; a team's seats are its quantity. Null when a
 * price has no fixed amount (nothing here sells one) or the items disagree on the currency.
 */
export function monthlyRecurringAmount(sub: Stripe.Subscription): MonthlyAmount | null {
  let total = 0;
  let currency: string | null = null;
  for (const item of sub.items.data) {
    const { price } = item;
    if (price.unit_amount === null || !price.recurring) return null;
    if (currency !== null && currency !== price.currency) return null;
    currency = price.currency;
    const months = (MONTHS_PER[price.recurring.interval] ?? 1) * price.recurring.interval_count;
    total += ((item.quantity ?? 1) * price.unit_amount) / months;
  }
  return currency === null ? null : { amount: Math.round(total), currency };
}

/**
 * The MRR columns a sync writes for the subscription it chose: Stripe counts active and past_due
 * subscriptions (not trialing, not canceled or incomplete). The lead revenue triggers read these.
 */
export function recurringRevenueColumns(sub: Stripe.Subscription | null): {
  mrrAmount: number | null;
  mrrCurrency: string | null;
} {
  const counted = sub && (sub.status === "active" || sub.status === "past_due");
  const monthly = counted ? monthlyRecurringAmount(sub) : null;
  return { mrrAmount: monthly?.amount ?? null, mrrCurrency: monthly?.currency ?? null };
}
