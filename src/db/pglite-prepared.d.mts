import type { ParserOptions, PGlite } from "@electric-sql/pglite";

/** The client drizzle is given for an embedded database (pglite-prepared.mjs). */
export function withPreparedStatements(client: PGlite): PGlite;

/** A parser that keeps a value as the text PostgreSQL sent. */
export function keepText(text: string): string;

/** The types of `parsers` when every one of them passes text through unchanged, else null. */
export function textKeepingTypes(parsers: ParserOptions): number[] | null;
