import { formatCount, formatMoney } from "@/lib/format";

/** "2 h 15 min", "3 days 4 h", "45 s": a duration as a person reads it, two units at most. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return `${days} ${days === 1 ? "day" : "days"}${rest ? ` ${rest} h` : ""}`;
}

/** "42%" of a whole; "—" when there is nothing to divide by. */
export const formatShare = (part: number, whole: number) =>
  whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : "—";

/** Amounts per currency as one phrase: "$1,234.00 + €50.00"; "—" for none. */
export function formatAmounts(amounts: Map<string, number>): string {
  const parts = [...amounts]
    .filter(([, amount]) => amount > 0)
    .map(([c, a]) => formatMoney(a, c.toUpperCase()));
  return parts.length ? parts.join(" + ") : "—";
}

export { formatCount };
