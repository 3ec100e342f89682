// The emulator's notion of "now": a base time source (real time by default)
// plus an offset that only grows when a test or developer advances the clock.
// Like Stripe's test clocks it never goes backwards.
import type { Store } from "./store.js";
import type { Interval } from "./types.js";

export type TimeSource = () => number;

export class Clock {
  private readonly base: TimeSource;
  private readonly store: Store;
  /** Pinned while processing a boundary so everything it creates shares its timestamp. */
  private pinned: number | null = null;

  constructor(store: Store, base: TimeSource) {
    this.store = store;
    this.base = base;
  }

  now(): number {
    if (this.pinned !== null) return this.pinned;
    return Math.floor(this.base()) + this.store.state.clockOffset;
  }

  /** Moves the clock forward to `t`; earlier times are ignored. */
  moveTo(t: number): void {
    const current = Math.floor(this.base()) + this.store.state.clockOffset;
    if (t > current) this.store.state.clockOffset += t - current;
  }

  pin(t: number): void {
    this.pinned = t;
  }

  unpin(): void {
    this.pinned = null;
  }
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

function addMonths(anchor: number, months: number): number {
  const d = new Date(anchor * 1000);
  const total = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  // Anchored on the 31st, the period ends on the last day of shorter months,
  // and goes back to the 31st afterwards, as Stripe does.
  const day = Math.min(d.getUTCDate(), daysInMonth(year, month));
  return Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000;
}

/** The `n`th billing boundary after `anchor` for a price's interval. */
export function boundary(anchor: number, interval: Interval, count: number, n: number): number {
  switch (interval) {
    case "day":
      return anchor + n * count * 86_400;
    case "week":
      return anchor + n * count * 7 * 86_400;
    case "month":
      return addMonths(anchor, n * count);
    case "year":
      return addMonths(anchor, n * count * 12);
  }
}

/** The first billing boundary strictly after `after`. */
export function nextBoundary(anchor: number, interval: Interval, count: number, after: number): number {
  const approxLength = { day: 86_400, week: 604_800, month: 2_629_746, year: 31_556_952 }[interval] * count;
  // Estimate, then walk: month lengths vary, so the estimate can be off by one.
  let n = Math.max(1, Math.floor((after - anchor) / approxLength));
  while (n > 1 && boundary(anchor, interval, count, n - 1) > after) n--;
  while (boundary(anchor, interval, count, n) <= after) n++;
  return boundary(anchor, interval, count, n);
}
