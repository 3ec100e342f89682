import { hasSlice, type LeadSlice } from "@/features/leads/lead-slice";
import { STATUS_LABELS } from "@/features/leads/options";
import type { Formatter } from "@/lib/format";

// The dashboard's slice of the lead table in words, one line: "Submitted Nov 1 – Nov 30, 2026 (UTC) ·
// reached Qualified · won by Sam Seller". Ranges of whole days in the app's zone (what the dashboard
// links) read as days, with the zone named; any other bound as a moment (the formatter names its zone).

const CONTACT_WORDS: Record<NonNullable<LeadSlice["contact"]>, string> = {
  within_1h: "first contacted within 1 h",
  within_24h: "first contacted within 24 h",
  answered: "contacted",
  waiting: "waiting for a first contact",
};

const midnightCheckers = new Map<string, Intl.DateTimeFormat>();

/** Whether a moment is a midnight in the zone (a day boundary). */
function isMidnight(d: Date, timeZone: string): boolean {
  let clock = midnightCheckers.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat("en", {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    midnightCheckers.set(timeZone, clock);
  }
  return d.getUTCMilliseconds() === 0 && clock.format(d) === "00:00:00";
}

/** A range [from, to): "Nov 1 – Nov 30, 2026 (UTC)", "since Nov 1, 2026, 9:30 AM UTC", … */
export function describeRange(format: Formatter, from?: Date, to?: Date): string {
  const days = [from, to].every((d) => !d || isMidnight(d, format.timeZone));
  if (days) {
    const zone = ` (${format.timeZone})`;
    // The last day of the range is the one before its exclusive end.
    const last = to && format.date(new Date(to.getTime() - 1));
    const first = from && format.date(from);
    if (first && last) {
      if (first === last) return `on ${first}${zone}`;
      const year = first.slice(first.lastIndexOf(","));
      const start = last.endsWith(year) ? first.slice(0, -year.length) : first;
      return `${start} – ${last}${zone}`;
    }
    return first ? `since ${first}${zone}` : `through ${last}${zone}`;
  }
  if (from && to) return `from ${format.dateTime(from)} to before ${format.dateTime(to)}`;
  return from ? `since ${format.dateTime(from)}` : `before ${format.dateTime(to!)}`;
}

/**
 * The slice in words, or null when there is none. `names` names the people the slice refers to (an id it
 * lacks is a former team member).
 */
export function describeLeadSlice(
  slice: LeadSlice,
  names: Record<string, string>,
  format: Formatter,
): string | null {
  if (!hasSlice(slice)) return null;
  const person = (id: string) => names[id] ?? "a former team member";
  const parts: string[] = [];
  if (slice.from || slice.to) parts.push(`submitted ${describeRange(format, slice.from, slice.to)}`);
  if (slice.stage) parts.push(`reached ${STATUS_LABELS[slice.stage]}`);
  if (slice.open) parts.push("not closed");
  if (slice.lossReason) parts.push(`lost: ${slice.lossReason}`);
  if (slice.contact) parts.push(CONTACT_WORDS[slice.contact]);
  if (slice.wonFrom || slice.wonTo || slice.wonBy) {
    let won = "won";
    if (slice.wonFrom || slice.wonTo) won += ` ${describeRange(format, slice.wonFrom, slice.wonTo)}`;
    if (slice.wonBy === "none") won += " while nobody owned it";
    else if (slice.wonBy) won += ` by ${person(slice.wonBy)}`;
    parts.push(won);
  }
  if (slice.claimedFrom || slice.claimedTo || slice.claimedBy) {
    let claimed = "claimed";
    if (slice.claimedFrom || slice.claimedTo)
      claimed += ` ${describeRange(format, slice.claimedFrom, slice.claimedTo)}`;
    if (slice.claimedBy) claimed += ` by ${person(slice.claimedBy)}`;
    parts.push(claimed);
  }
  if (slice.revenue || slice.revenueIn)
    parts.push(slice.revenueIn ? `paying now in ${slice.revenueIn.toUpperCase()}` : "paying now");
  const text = parts.join(" · ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
