import { z } from "zod";

/**
 * The `page` query parameter of every paged list: a whole number from 1. Anything else a URL may carry
 * ("-1", "abc", "1e309", a NUL byte) is page 1, so a bad link shows the list instead of an error.
 */
export const pageParam = z
  .unknown()
  .optional()
  .transform((value) => {
    const n =
      typeof value === "number" ? value : typeof value === "string" && value.trim() ? Number(value) : 1;
    return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
  });

const CONTROL = /\p{Cc}/gu;

/**
 * Search text from a URL: control characters dropped (PostgreSQL cannot store a NUL byte, and none
 * belongs in a search), trimmed and cut to `max` characters; anything that is not text is "".
 */
export const queryText = (max = 200) =>
  z
    .unknown()
    .optional()
    .transform((value) => (typeof value === "string" ? value.replace(CONTROL, "").trim().slice(0, max) : ""));
