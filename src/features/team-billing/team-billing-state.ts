import type Stripe from "stripe";
import type { TeamBillingStatus } from "@/db/schema/values";
import { nextMembership, type SubscriptionFacts } from "@/features/billing/membership-state";
import { LIVE_STATUSES, subscriptionFacts } from "@/features/billing/pick-subscription";

/** A team's billing columns, which only the Stripe sync (and the grace expiry job) writes. */
export type TeamBillingColumns = {
  billingStatus: TeamBillingStatus;
  billingPeriodEnd: Date | null;
  graceEndsAt: Date | null;
  stripeSubscriptionId: string | null;
  stripePriceId: string | null;
  cancelAtPeriodEnd: boolean;
  seatsPaid: number;
};

/** What the team sync needs of the subscription Stripe has now: the account's facts plus its seats. */
export type TeamSubscriptionFacts = SubscriptionFacts & {
  /** The item's quantity: a pending update (a raise waiting for its payment) is not in it. */
  seats: number;
};

export function teamSubscriptionFacts(sub: Stripe.Subscription): TeamSubscriptionFacts {
  return { ...subscriptionFacts(sub), seats: sub.items.data[0]?.quantity ?? 0 };
}

const ENDED = new Set<SubscriptionFacts["status"]>(["canceled", "incomplete_expired"]);

/**
 * The team's side of the state machine (SPEC §6), which is the account's: the same transitions, grace from
 * the first failed payment, period end and cancel at period end, through nextMembership itself, so the two
 * cannot drift apart. A team that never had a subscription is `none` (an account's `trial` without its
 * clock, which nextMembership leaves alone until a subscription exists).
 *
 * Two things differ. The seats paid are the item's quantity while the subscription is live and none once it
 * has ended. And an ended subscription is unlinked: `stripe_subscription_id` names the subscription that can
 * still bill, which is what refuses a second checkout and what deleting the team waits for.
 */
export function nextTeamBilling(
  current: TeamBillingColumns,
  sub: TeamSubscriptionFacts | null,
  now: Date,
): TeamBillingColumns {
  const asAccount = nextMembership(
    {
      membershipStatus: current.billingStatus === "none" ? "trial" : current.billingStatus,
      trialEndsAt: null,
      billingPeriodEnd: current.billingPeriodEnd,
      graceEndsAt: current.graceEndsAt,
      stripeSubscriptionId: current.stripeSubscriptionId,
      stripePriceId: current.stripePriceId,
      cancelAtPeriodEnd: current.cancelAtPeriodEnd,
    },
    sub,
    now,
  );
  const status = asAccount.membershipStatus;
  const seatsPaid =
    sub === null
      ? 0
      : sub.status === "incomplete"
        ? current.seatsPaid
        : LIVE_STATUSES.has(sub.status)
          ? sub.seats
          : 0;
  return {
    billingStatus: status === "trial" ? "none" : status,
    billingPeriodEnd: asAccount.billingPeriodEnd,
    graceEndsAt: asAccount.graceEndsAt,
    stripeSubscriptionId: sub && ENDED.has(sub.status) ? null : asAccount.stripeSubscriptionId,
    stripePriceId: asAccount.stripePriceId,
    cancelAtPeriodEnd: asAccount.cancelAtPeriodEnd,
    seatsPaid,
  };
}
