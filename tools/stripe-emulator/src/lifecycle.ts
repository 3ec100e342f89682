// Time-driven changes: renewals, the end of canceled periods, dunning and
// Checkout Session expiry. Boundaries are processed in time order, each with
// the clock pinned to the boundary, so a long advance produces the same
// sequence of events and timestamps as living through it would.

import {
  changeSubscription,
  chargeInvoice,
  createInvoice,
  cycleLines,
  endSubscription,
  openInvoicesOf,
  setPeriod,
} from "./billing.js";
import { nextBoundary } from "./clock.js";
import type { Runtime } from "./runtime.js";
import type { Subscription } from "./types.js";

type Due =
  | { at: number; kind: "period_end"; sub: Subscription }
  | { at: number; kind: "dunning"; sub: Subscription }
  | { at: number; kind: "session_expiry"; sessionId: string };

const RENEWING = new Set<Subscription["status"]>(["active", "trialing", "past_due"]);

function dunningDeadline(rt: Runtime, sub: Subscription): number | null {
  if (sub.status !== "past_due") return null;
  const oldest = openInvoicesOf(rt, sub.id)[0];
  if (!oldest) return null;
  return (oldest.status_transitions.finalized_at ?? oldest.created) + rt.settings.dunningDays * 86_400;
}

function nextDue(rt: Runtime, limit: number): Due | null {
  let best: Due | null = null;
  const consider = (due: Due): void => {
    if (due.at <= limit && (best === null || due.at < best.at)) best = due;
  };
  for (const sub of Object.values(rt.store.state.subscriptions)) {
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

function renew(rt: Runtime, sub: Subscription): void {
  if (sub.cancel_at_period_end || (sub.cancel_at !== null && sub.cancel_at <= sub.current_period_end)) {
    endSubscription(rt, sub, "cancellation_requested");
    return;
  }
  const recurring = sub.items.data[0]?.price.recurring;
  if (!recurring) {
    // Cannot happen through the API; ending it keeps the boundary loop finite.
    endSubscription(rt, sub, null);
    return;
  }
  const oldStart = sub.current_period_start;
  const oldEnd = sub.current_period_end;
  const newEnd = nextBoundary(sub.billing_cycle_anchor, recurring.interval, recurring.interval_count, oldEnd);
  // Stripe's renewal invoice reports the period just ended; its lines carry the new one.
  const invoice = createInvoice(
    rt,
    sub,
    "subscription_cycle",
    { start: oldStart, end: oldEnd },
    cycleLines(rt, sub, oldEnd, newEnd),
  );
  changeSubscription(rt, sub, (s) => {
    setPeriod(s, oldEnd, newEnd);
    s.latest_invoice = invoice.id;
    if (s.status === "trialing") s.status = "active";
  });
  const paid = chargeInvoice(rt, invoice, sub.default_payment_method);
  changeSubscription(rt, sub, (s) => {
    if (!paid) s.status = "past_due";
    else if (s.status === "past_due" && openInvoicesOf(rt, s.id).length === 0) s.status = "active";
  });
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

/** Moves the clock to `target`, processing everything that falls due on the way. */
export function advanceClockTo(rt: Runtime, target: number): number {
  const processed = processDue(rt, target);
  rt.clock.moveTo(target);
  return processed;
}
