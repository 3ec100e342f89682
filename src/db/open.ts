import type { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { lockDataFolder } from "./pglite-lock";
import { DRIZZLE_RAW_OPTIONS, type StatementsClient, withPreparedStatements } from "./pglite-prepared.mjs";
import { openPgliteThread } from "./pglite-thread";
import { registerOneCallTransaction, registerRequestDatabase } from "./rls";
import * as schema from "./schema";
import type { Database, DatabaseHandle } from "./types";

/** The extensions every embedded database loads (pglite-worker.mjs loads the same for the server's). */
export const pgliteExtensions = { pg_trgm };

/**
 * Opens the embedded database in a data folder this process then owns until close(), in a thread of its
 * own (pglite-thread.ts), with its prepared statements kept there.
 */
export async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const release = lockDataFolder(dataDir);
  try {
    const thread = await openPgliteThread(dataDir);
    return pgliteHandle(thread.client, async () => {
      await thread.close();
      release();
    });
  } catch (error) {
    release();
    throw error;
  }
}

/** An in-process PGlite (tests, scripts) as a handle, with its prepared statements. */
export function wrapPglite(client: PGlite, onClose: () => void = () => {}): DatabaseHandle {
  return pgliteHandle(withPreparedStatements(client), async () => {
    await client.close();
    onClose();
  });
}

function pgliteHandle(client: StatementsClient, close: () => Promise<void>): DatabaseHandle {
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  registerOneCallTransaction(db, (statements) => client.transactionOf(statements, DRIZZLE_RAW_OPTIONS));
  return { db, driver: "pglite", close };
}

function pool(connectionString: string, max: number): pg.Pool {
  const created = new pg.Pool({ connectionString, max });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  created.on("error", (error) => console.error("[db] idle PostgreSQL client error:", error.message));
  return created;
}

/**
 * The owner's pool (migrations, the system path), and with `requestUrl` a second pool for request
 * transactions, logged in as a role that is a member of app_user only.
 */
export function openPostgres(connectionString: string, max = 10, requestUrl?: string): DatabaseHandle {
  const owner = pool(connectionString, max);
  const db = drizzlePg(owner, { schema }) as unknown as Database;
  const request = requestUrl ? pool(requestUrl, max) : null;
  if (request) registerRequestDatabase(db, drizzlePg(request, { schema }) as unknown as Database);
  return {
    db,
    driver: "postgres",
    close: async () => {
      await Promise.all([owner.end(), request?.end()]);
    },
  };
}
