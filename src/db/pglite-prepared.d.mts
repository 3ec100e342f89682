import type { PGlite } from "@electric-sql/pglite";

/** The client drizzle is given for an embedded database (pglite-prepared.mjs). */
export function withPreparedStatements(client: PGlite): PGlite;
