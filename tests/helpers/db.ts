import type { SQL } from "drizzle-orm";
import { getDb } from "../../src/db/client";
import { queryRows } from "../../src/db/query";
import { asSystem } from "../../src/db/rls";

/** Reads as the system, for assertions about what the database really holds. */
export async function systemRows<T>(query: SQL): Promise<T[]> {
  const db = await getDb();
  return asSystem(db, "test: assertion", (tx) => queryRows<T>(tx, query));
}
