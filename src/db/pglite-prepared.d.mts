import type { ParserOptions, PGlite, QueryOptions, Results } from "@electric-sql/pglite";

/** A statement and its values, as `transactionOf` takes them. */
export type Statement = { text: string; params?: unknown[] };

/** PGlite, with statements run as one transaction in one call where they can be (`transactionOf`). */
export type StatementsClient = PGlite & {
  /** Runs the statements as one transaction and answers with the last one's result. */
  transactionOf<T = Record<string, unknown>>(
    statements: Statement[],
    options?: QueryOptions,
  ): Promise<Results<T>>;
};

/** The client drizzle is given for an embedded database (pglite-prepared.mjs). */
export function withPreparedStatements(client: PGlite): StatementsClient;

/** What drizzle's PGlite driver asks of a raw query: rows as objects, dates and times as text. */
export const DRIZZLE_RAW_OPTIONS: QueryOptions;

/** A parser that keeps a value as the text PostgreSQL sent. */
export function keepText(text: string): string;

/** The types of `parsers` when every one of them passes text through unchanged, else null. */
export function textKeepingTypes(parsers: ParserOptions): number[] | null;
