import { type SQL, sql } from "drizzle-orm";
import type { Database, Tx } from "./types";

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(tx: Tx | Database, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * A query's rows as one JSON array, to read several results as subqueries of one statement: one round trip
 * instead of one per result (on the embedded database, each statement costs the server's own thread).
 */
export const jsonRows = (query: SQL) => sql`(select coalesce(json_agg(t), '[]'::json) from (${query}) t)`;

/** A JSON value as the driver hands it over (parsed by node-postgres and PGlite alike; text just in case). */
export const fromJson = <T>(value: unknown): T =>
  (typeof value === "string" ? JSON.parse(value) : value) as T;
