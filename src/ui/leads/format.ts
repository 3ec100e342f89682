import { formatCount } from "@/lib/format";

/**
 * A count as the owner filter and the pagination show it: exact ("41"), or where counting stopped at a
 * cap ("1,000+"); null when it was not counted (a broad search counts only the whole view).
 */
export const countLabel = (count: number | null, capped = false): string | null =>
  count === null ? null : capped ? `${formatCount(count)}+` : String(count);

/**
 * An email address cut after each "@" and "." (never at its end): where a narrow column may break it, so
 * it never breaks in the middle of a word. Joined again, the pieces are the address. One pass, no regex:
 * the lead table cuts one address per row.
 */
export function addressPieces(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] !== "@" && text[i] !== ".") continue;
    pieces.push(text.slice(start, i + 1));
    start = i + 1;
  }
  pieces.push(text.slice(start));
  return pieces;
}
