// The database a benchmark measures: an in-memory PGlite, or on PostgreSQL (postgresUrl) a database of
// its own per benchmark and size, kept between runs so a re-run skips the seeding (fresh rebuilds it).
// Migrated either way.
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { runMigrations } from "../../src/db/migrate";
import { openPostgres, pgliteExtensions, wrapPglite } from "../../src/db/open";
import type { DatabaseHandle } from "../../src/db/types";

export async function openBenchDatabase(options: {
  postgresUrl: string | undefined;
  /** The PostgreSQL database's name, e.g. frontdesk_bench_100000. */
  name: string;
  fresh: boolean;
}): Promise<{ handle: DatabaseHandle; reused: boolean }> {
  const { postgresUrl, name, fresh } = options;
  if (!postgresUrl) {
    const handle = wrapPglite(await PGlite.create({ extensions: pgliteExtensions }));
    await runMigrations(handle);
    return { handle, reused: false };
  }
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  let reused = false;
  try {
    const exists = (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount! > 0;
    if (exists && fresh) await admin.query(`drop database ${name} with (force)`);
    if (!exists || fresh) await admin.query(`create database ${name}`);
    else reused = true;
  } finally {
    await admin.end();
  }
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), 4);
  await runMigrations(handle);
  return { handle, reused };
}
