import { formatCount } from "@/lib/format";

/**
 * A count as the owner filter and the pagination show it: exact ("41"), or where counting stopped at a
 * cap ("1,000+"); null when it was not counted (a broad search counts only the whole view).
 */
export const countLabel = (count: number | null, capped = false): string | null =>
  count === null ? null : capped ? `${formatCount(count)}+` : String(count);
