import type Stripe from "stripe";
import type { SubscriptionFacts } from "./membership-state";

const rank: Record<string, number> = {
  active: 3,
  trialing: 3,
  past_due: 3,
  unpaid: 2,
  incomplete: 1,
};

/** Statuses that count as a live subscription: a second checkout is refused while one exists. */
export const LIVE_STATUSES = new Set(["active", "trialing", "past_due", "unpaid"]);

/**
 * The subscription that decides an account's membership: the newest that gives access, else the newest
 * still open, else the newest ended one.
 */
export function pickSubscription(subscriptions: Stripe.Subscription[]): Stripe.Subscription | null {
  const sorted = [...subscriptions].sort(
    (a, b) => (rank[b.status] ?? 0) - (rank[a.status] ?? 0) || b.created - a.created,
  );
  return sorted[0] ?? null;
}

export function subscriptionFacts(sub: Stripe.Subscription): SubscriptionFacts {
  const item = sub.items.data[0];
  const periodEnd =
    item?.current_period_end ?? (sub as unknown as { current_period_end?: number }).current_period_end;
  return {
    id: sub.id,
    status: sub.status as SubscriptionFacts["status"],
    priceId: item?.price.id ?? null,
    currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : null,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
  };
}
