// Time-driven changes: renewals, the end of canceled periods, dunning, the
// expiry of pending updates and Checkout Session expiry. Boundaries are
// processed in time order, each with the clock pinned to the boundary, so a
// long advance produces the same sequence of events and timestamps as living
// through it would.

import {
  changeSubscription,
  chargeInvoice,
  createInvoice,
  cycleLines,
  endSubscription,
  expirePendingUpdate,
  owedInvoicesOf,
  setPeriod,
} from "./billing.js";
import { nextBoundary } from "./clock.js";
import { invalidRequest } from "./errors.js";
import type { Runtime } from "./runtime.js";
import type { Invoice, Subscription } from "./types.js";

type Due =
  | { at: number; kind: "period_end"; sub: Subscription }
  | { at: number; kind: "dunning"; sub: Subscription }
  | { at: number; kind: "pending_update_expiry"; sub: Subscription }
  | { at: number; kind: "session_expiry"; sessionId: string };

const RENEWING = new Set<Subscription["status"]>(["active", "trialing", "past_due"]);

function dunningDeadline(rt: Runtime, sub: Subscription): number | null {
  if (sub.status !== "past_due") return null;
  const oldest = owedInvoicesOf(rt, sub)[0];
  if (!oldest) return null;
  return (oldest.status_transitions.finalized_at ?? oldest.created) + rt.settings.dunningDays * 86_400;
}

function nextDue(rt: Runtime, limit: number): Due | null {
  let best: Due | null = null;
  const consider = (due: Due): void => {
    if (due.at <= limit && (best === null || due.at < best.at)) best = due;
  };
  for (const sub of Object.values(rt.store.state.subscriptions)) {
    // Considered before the period end, so at a tie the update expires first and the renewal bills
    // the quantity the subscription really has.
    if (sub.pending_update)
      consider({ at: sub.pending_update.expires_at, kind: "pending_update_expiry", sub });
    if (RENEWING.has(sub.status)) consider({ at: sub.current_period_end, kind: "period_end", sub });
    const deadline = dunningDeadline(rt, sub);
    if (deadline !== null) consider({ at: deadline, kind: "dunning", sub });
  }
  for (const session of Object.values(rt.store.state.checkoutSessions)) {
    if (session.status === "open")
      consider({ at: session.expires_at, kind: "session_expiry", sessionId: session.id });
  }
  return best;
}

/**
 * What a period end does. `endsAt` is the period's end: its scheduled end, or an earlier instant at
 * which `/_emulator/end-period` cuts it short; a cut period also restarts the billing cycle there, as
 * Stripe's `billing_cycle_anchor: "now"` does, so later renewals fall on that day.
 */
function renew(rt: Runtime, sub: Subscription, endsAt = sub.current_period_end): Invoice | null {
  // Only a period cut short by end-period can still have one; Stripe's expiry is never after the period end.
  expirePendingUpdate(rt, sub);
  if (sub.cancel_at_period_end || (sub.cancel_at !== null && sub.cancel_at <= endsAt)) {
    endSubscription(rt, sub, "cancellation_requested");
    return null;
  }
  const recurring = sub.items.data[0]?.price.recurring;
  if (!recurring) {
    // Cannot happen through the API; ending it keeps the boundary loop finite.
    endSubscription(rt, sub, null);
    return null;
  }
  const cut = endsAt !== sub.current_period_end;
  const anchor = cut ? endsAt : sub.billing_cycle_anchor;
  const oldStart = sub.current_period_start;
  const newEnd = nextBoundary(anchor, recurring.interval, recurring.interval_count, endsAt);
  // Stripe's renewal invoice reports the period just ended; its lines carry the new one.
  const invoice = createInvoice(
    rt,
    sub,
    "subscription_cycle",
    { start: oldStart, end: endsAt },
    cycleLines(rt, sub, endsAt, newEnd),
  );
  changeSubscription(rt, sub, (s) => {
    setPeriod(s, endsAt, newEnd);
    s.billing_cycle_anchor = anchor;
    s.latest_invoice = invoice.id;
    if (s.status === "trialing") {
      s.status = "active";
      // A trial cut short ends when its period does, as with Stripe's `trial_end: "now"`.
      if (cut) s.trial_end = endsAt;
    }
  });
  const paid = chargeInvoice(rt, invoice, sub.default_payment_method);
  changeSubscription(rt, sub, (s) => {
    if (!paid) s.status = "past_due";
    else if (s.status === "past_due" && owedInvoicesOf(rt, s).length === 0) s.status = "active";
  });
  return invoice;
}

function dun(rt: Runtime, sub: Subscription): void {
  if (rt.settings.dunningAction === "unpaid") {
    changeSubscription(rt, sub, (s) => {
      s.status = "unpaid";
    });
  } else {
    endSubscription(rt, sub, "payment_failed");
  }
}

function expireSession(rt: Runtime, sessionId: string): void {
  const session = rt.store.state.checkoutSessions[sessionId];
  if (session?.status !== "open") return;
  session.status = "expired";
  session.url = null;
  rt.emit("checkout.session.expired", session);
}

/** Processes every boundary up to `target` in order; returns how many were processed. */
export function processDue(rt: Runtime, target: number): number {
  let processed = 0;
  const previousRequest = rt.request;
  // Changes made by the passage of time are not caused by any API request.
  rt.request = null;
  try {
    for (;;) {
      const due = nextDue(rt, target);
      if (!due) break;
      if (++processed > 100_000)
        throw new Error("Stripe emulator: too many billing boundaries in one advance");
      rt.clock.pin(due.at);
      switch (due.kind) {
        case "period_end":
          renew(rt, due.sub);
          break;
        case "dunning":
          dun(rt, due.sub);
          break;
        case "pending_update_expiry":
          expirePendingUpdate(rt, due.sub);
          break;
        case "session_expiry":
          expireSession(rt, due.sessionId);
          break;
      }
      rt.clock.unpin();
    }
  } finally {
    rt.clock.unpin();
    rt.request = previousRequest;
  }
  if (processed > 0) rt.store.scheduleSave();
  return processed;
}

/**
 * Ends one subscription's current period now and does what its period end does: a renewal (a new
 * period from now and its invoice, charged to the saved card) or, if it was set to cancel at period
 * end, its end. The clock does not move, so every other subscription stays where it was; that is what
 * makes it possible to give one customer a renewal (or a failed one) without ageing everyone else.
 */
export function endPeriodNow(rt: Runtime, sub: Subscription): Invoice | null {
  // Whatever was already due happens first, so this period end is not processed ahead of it.
  processDue(rt, rt.now());
  if (!RENEWING.has(sub.status)) {
    throw invalidRequest(
      `Subscription ${sub.id} is ${sub.status}: only an active, trialing or past_due subscription has a period to end.`,
      "subscriptionId",
    );
  }
  const previousRequest = rt.request;
  rt.request = null;
  const now = rt.now();
  rt.clock.pin(now);
  try {
    return renew(rt, sub, now);
  } finally {
    rt.clock.unpin();
    rt.request = previousRequest;
    rt.store.scheduleSave();
  }
}

/** Moves the clock to `target`, processing everything that falls due on the way. */
export function advanceClockTo(rt: Runtime, target: number): number {
  const processed = processDue(rt, target);
  rt.clock.moveTo(target);
  return processed;
}
