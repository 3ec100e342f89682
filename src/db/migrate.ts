import path from "node:path";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { DatabaseHandle } from "./types";

export const migrationsFolder = path.join(/* turbopackIgnore: true */ process.cwd(), "src/db/migrations");

/** Applies every committed migration that has not run yet. Safe to call on every start. */
export async function runMigrations(handle: DatabaseHandle): Promise<void> {
  const config = { migrationsFolder };
  if (handle.driver === "pglite") {
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific handle type.
    await migratePglite(handle.db as any, config);
  } else {
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    await migratePg(handle.db as any, config);
  }
}
