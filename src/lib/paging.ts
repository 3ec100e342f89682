import { z } from "zod";

/** The `page` query parameter of every paged list: a whole number from 1, defaulting to 1. */
export const pageParam = z.coerce.number().int().min(1).max(100_000).optional().default(1);
