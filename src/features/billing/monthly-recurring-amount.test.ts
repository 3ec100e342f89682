import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { monthlyRecurringAmount, recurringRevenueColumns } from "./monthly-recurring-amount";

const subscription = (
  status: Stripe.Subscription.Status,
  items: { amount: number; interval: "month" | "year"; quantity?: number; currency?: string }[],
) =>
  ({
    status,
    items: {
      data: items.map((i) => ({
        quantity: i.quantity ?? 1,
        price: {
          unit_amount: i.amount,
          currency: i.currency ?? "usd",
          recurring: { interval: i.interval, interval_count: 1 },
        },
      })),
    },
  }) as unknown as Stripe.Subscription;

describe("monthly recurring revenue as Stripe counts it", () => {
  it("divides a yearly price by 12 and multiplies a team's seats by the unit price", () => {
    expect(monthlyRecurringAmount(subscription("active", [{ amount: 29000, interval: "year" }]))).toEqual({
      amount: 2417,
      currency: "usd",
    });
    expect(
      monthlyRecurringAmount(subscription("active", [{ amount: 2400, interval: "month", quantity: 5 }])),
    ).toEqual({ amount: 12000, currency: "usd" });
    expect(
      monthlyRecurringAmount(
        subscription("active", [
          { amount: 100, interval: "month" },
          { amount: 100, interval: "month", currency: "eur" },
        ]),
      ),
    ).toBeNull();
  });

  it("writes MRR columns for active and past_due subscriptions only", () => {
    const monthly = [{ amount: 2900, interval: "month" as const }];
    expect(recurringRevenueColumns(subscription("active", monthly))).toEqual({
      mrrAmount: 2900,
      mrrCurrency: "usd",
    });
    expect(recurringRevenueColumns(subscription("past_due", monthly))).toEqual({
      mrrAmount: 2900,
      mrrCurrency: "usd",
    });
    for (const status of ["trialing", "canceled", "incomplete", "unpaid"] as const)
      expect(recurringRevenueColumns(subscription(status, monthly))).toEqual({
        mrrAmount: null,
        mrrCurrency: null,
      });
    expect(recurringRevenueColumns(null)).toEqual({ mrrAmount: null, mrrCurrency: null });
  });
});
