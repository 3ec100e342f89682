import type { MembershipStatus } from "@/features/accounts/access";

// The membership state machine (SPEC §6) in one place. Everything that changes membership columns from
// Stripe's side goes through nextMembership(); the scheduled jobs apply the two time-based transitions.

export const GRACE_DAYS = 7;

export type MembershipColumns = {
  membershipStatus: MembershipStatus;
  trialEndsAt: Date | null;
  billingPeriodEnd: Date | null;
  graceEndsAt: Date | null;
  stripeSubscriptionId: string | null;
  stripePriceId: string | null;
  cancelAtPeriodEnd: boolean;
};

/** What the sync needs of the subscription Stripe has now (null: the customer has none). */
export type SubscriptionFacts = {
  id: string;
  status:
    | "active"
    | "trialing"
    | "past_due"
    | "unpaid"
    | "canceled"
    | "incomplete"
    | "incomplete_expired"
    | "paused";
  priceId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
};

export function nextMembership(
  current: MembershipColumns,
  sub: SubscriptionFacts | null,
  now: Date,
): MembershipColumns {
  if (!sub) {
    // No subscription at all: a trial runs on (its expiry is the job's); anything else has lapsed.
    return {
      ...current,
      membershipStatus: current.membershipStatus === "trial" ? "trial" : "inactive",
      graceEndsAt: null,
      stripeSubscriptionId: null,
      stripePriceId: null,
      cancelAtPeriodEnd: false,
    };
  }
  const linked = {
    ...current,
    stripeSubscriptionId: sub.id,
    stripePriceId: sub.priceId,
    billingPeriodEnd: sub.currentPeriodEnd ?? current.billingPeriodEnd,
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
  };
  switch (sub.status) {
    case "active":
    case "trialing":
      return { ...linked, membershipStatus: "active", graceEndsAt: null };
    case "past_due":
      // The grace for this subscription's failed payment has already run out (the job ended it): a
      // retry that fails again must not open a second one. Only paying the invoice brings access back.
      if (current.membershipStatus === "inactive" && current.stripeSubscriptionId === sub.id) {
        return { ...linked, membershipStatus: "inactive", graceEndsAt: null };
      }
      // Grace counts from the first failed payment, so later retries do not extend it.
      return {
        ...linked,
        membershipStatus: "past_due",
        graceEndsAt:
          current.membershipStatus === "past_due" && current.graceEndsAt
            ? current.graceEndsAt
            : new Date(now.getTime() + GRACE_DAYS * 86_400_000),
      };
    case "incomplete":
      // Checkout not finished: nothing has changed for the member yet.
      return current;
    default:
      // unpaid, canceled, incomplete_expired, paused: no access from this subscription.
      return { ...linked, membershipStatus: "inactive", graceEndsAt: null, cancelAtPeriodEnd: false };
  }
}
