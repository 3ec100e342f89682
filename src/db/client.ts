import path from "node:path";
import { runMigrations } from "./migrate";
import { openPglite, openPostgres } from "./open";
import type { Database, DatabaseHandle } from "./types";

type DbState = { handle?: Promise<DatabaseHandle> };

// One handle per process, kept on globalThis because Next bundles the proxy and the server separately:
// two module copies must still share one PGlite instance (a second one on the same folder would corrupt it).
const holder = globalThis as { __frontdeskDb?: DbState };
holder.__frontdeskDb ??= {};
const state: DbState = holder.__frontdeskDb;

function dataDir(): string {
  return path.resolve(/* turbopackIgnore: true */ process.env.FRONTDESK_DATA_DIR ?? "data/pglite");
}

async function open(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  const handle = url
    ? openPostgres(
        url,
        Number(process.env.DATABASE_POOL_SIZE ?? 10),
        process.env.DATABASE_REQUEST_URL || undefined,
      )
    : await openPglite(dataDir());
  await runMigrations(handle);
  return handle;
}

/** The process's database handle, opened and migrated on first use. */
export async function getDatabase(): Promise<DatabaseHandle> {
  state.handle ??= open().catch((error) => {
    state.handle = undefined;
    throw error;
  });
  return state.handle;
}

export async function getDb(): Promise<Database> {
  return (await getDatabase()).db;
}

/** Used by tests and scripts that open their own handle (an in-memory PGlite, a cloned database). */
export function setDatabase(handle: DatabaseHandle): void {
  state.handle = Promise.resolve(handle);
}

export async function closeDatabase(): Promise<void> {
  const pending = state.handle;
  state.handle = undefined;
  if (pending) await (await pending).close();
}
