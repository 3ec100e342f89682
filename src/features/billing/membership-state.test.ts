import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import {
  GRACE_DAYS,
  type MembershipColumns,
  nextMembership,
  type SubscriptionFacts,
} from "./membership-state";
import { LIVE_STATUSES, pickSubscription, subscriptionFacts } from "./pick-subscription";

const DAY = 86_400_000;
const now = new Date("2030-03-10T12:00:00Z");
const later = (days: number, from = now) => new Date(from.getTime() + days * DAY);

const columns = (overrides: Partial<MembershipColumns> = {}): MembershipColumns => ({
  membershipStatus: "trial",
  trialEndsAt: later(5),
  billingPeriodEnd: null,
  graceEndsAt: null,
  stripeSubscriptionId: null,
  stripePriceId: null,
  cancelAtPeriodEnd: false,
  ...overrides,
});

const facts = (overrides: Partial<SubscriptionFacts> = {}): SubscriptionFacts => ({
  id: "sub_1",
  status: "active",
  priceId: "price_monthly",
  currentPeriodEnd: later(30),
  cancelAtPeriodEnd: false,
  ...overrides,
});

const paying = (overrides: Partial<MembershipColumns> = {}) =>
  columns({
    membershipStatus: "active",
    stripeSubscriptionId: "sub_1",
    stripePriceId: "price_monthly",
    billingPeriodEnd: later(3),
    ...overrides,
  });

describe("nextMembership: the state machine of SPEC §6", () => {
  it("trial → active when the subscription is active, linking it and its period end", () => {
    const trial = columns();
    expect(nextMembership(trial, facts(), now)).toEqual({
      membershipStatus: "active",
      trialEndsAt: trial.trialEndsAt,
      billingPeriodEnd: later(30),
      graceEndsAt: null,
      stripeSubscriptionId: "sub_1",
      stripePriceId: "price_monthly",
      cancelAtPeriodEnd: false,
    });
  });

  it("trial → active for a subscription still in Stripe's own trial (trialing gives access)", () => {
    expect(nextMembership(columns(), facts({ status: "trialing" }), now).membershipStatus).toBe("active");
  });

  it("active → past_due on a failed payment, with grace ending 7 days from that first failure", () => {
    const next = nextMembership(paying(), facts({ status: "past_due" }), now);
    expect(next.membershipStatus).toBe("past_due");
    expect(GRACE_DAYS).toBe(7);
    expect(next.graceEndsAt).toEqual(later(7));
    expect(next.stripeSubscriptionId).toBe("sub_1");
  });

  it("a later past_due (a retry failing again) does not extend the grace period", () => {
    const first = nextMembership(paying(), facts({ status: "past_due" }), now);
    const again = nextMembership(first, facts({ status: "past_due", currentPeriodEnd: later(61) }), later(3));
    expect(again.membershipStatus).toBe("past_due");
    expect(again.graceEndsAt).toEqual(later(7));
    expect(again.billingPeriodEnd).toEqual(later(61));
  });

  it("once the grace is over, a later sync of the same still-unpaid subscription does not open a new grace", () => {
    // The job ended the grace (past_due → inactive); Stripe retries the invoice, fails again, and the
    // webhook syncs the same past_due subscription: the member stays locked out until it is paid.
    const lapsed = paying({ membershipStatus: "inactive", graceEndsAt: null });
    const next = nextMembership(lapsed, facts({ status: "past_due" }), later(9));
    expect(next.membershipStatus).toBe("inactive");
    expect(next.graceEndsAt).toBeNull();
    const paid = nextMembership(next, facts({ status: "active" }), later(10));
    expect(paid.membershipStatus).toBe("active");
  });

  it("a new subscription that fails its first renewal still gets its own grace after an old one lapsed", () => {
    const lapsed = paying({ membershipStatus: "inactive", stripeSubscriptionId: "sub_old" });
    const next = nextMembership(lapsed, facts({ id: "sub_new", status: "past_due" }), now);
    expect(next.membershipStatus).toBe("past_due");
    expect(next.graceEndsAt).toEqual(later(7));
  });

  it("a past_due account whose grace end was never recorded gets one now rather than none", () => {
    const next = nextMembership(
      paying({ membershipStatus: "past_due", graceEndsAt: null }),
      facts({ status: "past_due" }),
      now,
    );
    expect(next.graceEndsAt).toEqual(later(7));
  });

  it("past_due → active when the invoice is paid, and the grace is cleared", () => {
    const pastDue = paying({ membershipStatus: "past_due", graceEndsAt: later(4) });
    const next = nextMembership(pastDue, facts({ status: "active", currentPeriodEnd: later(30) }), now);
    expect(next).toMatchObject({
      membershipStatus: "active",
      graceEndsAt: null,
      billingPeriodEnd: later(30),
    });
  });

  it.each(["unpaid", "canceled"] as const)(
    "past_due → inactive when Stripe marks the subscription %s",
    (status) => {
      const pastDue = paying({ membershipStatus: "past_due", graceEndsAt: later(4) });
      const next = nextMembership(pastDue, facts({ status }), now);
      expect(next).toMatchObject({
        membershipStatus: "inactive",
        graceEndsAt: null,
        cancelAtPeriodEnd: false,
      });
    },
  );

  it("active → inactive when the subscription is deleted at the end of a canceled period", () => {
    const canceling = paying({ cancelAtPeriodEnd: true, billingPeriodEnd: later(-1) });
    const next = nextMembership(
      canceling,
      facts({ status: "canceled", cancelAtPeriodEnd: true, currentPeriodEnd: later(-1) }),
      now,
    );
    expect(next).toMatchObject({
      membershipStatus: "inactive",
      cancelAtPeriodEnd: false,
      billingPeriodEnd: later(-1),
      stripeSubscriptionId: "sub_1",
    });
  });

  it.each(["incomplete_expired", "paused"] as const)("a %s subscription gives no access", (status) => {
    expect(nextMembership(paying(), facts({ status }), now).membershipStatus).toBe("inactive");
  });

  it("cancel at period end keeps access and records the flag; resuming clears it", () => {
    const canceling = nextMembership(paying(), facts({ cancelAtPeriodEnd: true }), now);
    expect(canceling).toMatchObject({ membershipStatus: "active", cancelAtPeriodEnd: true });
    expect(nextMembership(canceling, facts(), now)).toMatchObject({
      membershipStatus: "active",
      cancelAtPeriodEnd: false,
    });
  });

  it("an incomplete checkout changes nothing for the member", () => {
    const trial = columns();
    expect(nextMembership(trial, facts({ status: "incomplete" }), now)).toEqual(trial);
  });

  it("keeps the known period end when Stripe's object carries none", () => {
    expect(nextMembership(paying(), facts({ currentPeriodEnd: null }), now).billingPeriodEnd).toEqual(
      later(3),
    );
  });

  describe("no subscription at all", () => {
    it("a trial runs on untouched (its expiry belongs to the scheduled job)", () => {
      const trial = columns();
      expect(nextMembership(trial, null, now)).toEqual(trial);
    });

    it("an expired trial stays a trial for the job to end, even when trial_ends_at has passed", () => {
      const trial = columns({ trialEndsAt: later(-2) });
      expect(nextMembership(trial, null, now).membershipStatus).toBe("trial");
    });

    it.each(["active", "past_due", "inactive"] as const)(
      "%s → inactive, with the Stripe linkage cleared",
      (status) => {
        const next = nextMembership(
          paying({
            membershipStatus: status,
            graceEndsAt: status === "past_due" ? later(2) : null,
            cancelAtPeriodEnd: true,
          }),
          null,
          now,
        );
        expect(next).toMatchObject({
          membershipStatus: "inactive",
          graceEndsAt: null,
          stripeSubscriptionId: null,
          stripePriceId: null,
          cancelAtPeriodEnd: false,
        });
      },
    );
  });

  it("is a pure function: the same facts twice give the same columns (convergent sync)", () => {
    const once = nextMembership(paying(), facts({ status: "past_due" }), now);
    expect(nextMembership(once, facts({ status: "past_due" }), later(1))).toEqual(once);
  });
});

const sub = (id: string, status: Stripe.Subscription.Status, created: number, periodEnd = 2_000_000_000) =>
  ({
    id,
    object: "subscription",
    status,
    created,
    cancel_at_period_end: false,
    items: { data: [{ price: { id: `price_${id}` }, current_period_end: periodEnd }] },
  }) as unknown as Stripe.Subscription;

describe("pickSubscription: which subscription decides the account", () => {
  it("none → null", () => {
    expect(pickSubscription([])).toBeNull();
  });

  it("one that gives access beats a newer ended one", () => {
    expect(
      pickSubscription([sub("new_canceled", "canceled", 300), sub("old_active", "active", 100)])?.id,
    ).toBe("old_active");
  });

  it("among those giving access (active, trialing, past_due) the newest wins", () => {
    expect(pickSubscription([sub("a", "active", 100), sub("b", "past_due", 200)])?.id).toBe("b");
    expect(pickSubscription([sub("a", "trialing", 300), sub("b", "active", 200)])?.id).toBe("a");
  });

  it("unpaid beats incomplete, which beats ended ones", () => {
    expect(pickSubscription([sub("inc", "incomplete", 300), sub("unp", "unpaid", 100)])?.id).toBe("unp");
    expect(pickSubscription([sub("can", "canceled", 300), sub("inc", "incomplete", 100)])?.id).toBe("inc");
  });

  it("among ended ones the newest wins", () => {
    expect(
      pickSubscription([
        sub("a", "canceled", 100),
        sub("b", "incomplete_expired", 300),
        sub("c", "canceled", 200),
      ])?.id,
    ).toBe("b");
  });

  it("does not reorder its input", () => {
    const input = [sub("a", "canceled", 100), sub("b", "active", 200)];
    pickSubscription(input);
    expect(input.map((s) => s.id)).toEqual(["a", "b"]);
  });

  it("live statuses are the ones that block a second checkout", () => {
    expect([...LIVE_STATUSES].sort()).toEqual(["active", "past_due", "trialing", "unpaid"]);
  });

  it("subscriptionFacts reads the period from the item, or from the subscription on older API versions", () => {
    expect(subscriptionFacts(sub("a", "active", 1, 1_900_000_000))).toEqual({
      id: "a",
      status: "active",
      priceId: "price_a",
      currentPeriodEnd: new Date(1_900_000_000_000),
      cancelAtPeriodEnd: false,
    });
    const old = {
      ...sub("b", "active", 1),
      items: { data: [] },
      current_period_end: 1_800_000_000,
    } as unknown as Stripe.Subscription;
    expect(subscriptionFacts(old)).toMatchObject({
      priceId: null,
      currentPeriodEnd: new Date(1_800_000_000_000),
    });
  });
});
