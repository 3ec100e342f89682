import pg from "pg";
import type { TestProject } from "vitest/node";
import { runMigrations } from "../../src/db/migrate";
import { openPostgres } from "../../src/db/open";
import { migrationsHash } from "./migrations-hash";
import { asRole, OWNER_ROLE } from "./postgres-roles";

/**
 * Prepares a migrated template database owned by a non-superuser; each test file clones it
 * (CREATE DATABASE … TEMPLATE), which takes a fraction of a second.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.DATABASE_URL!;
  const template = `frontdesk_tpl_${migrationsHash()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${OWNER_ROLE}') THEN
          CREATE ROLE ${OWNER_ROLE} LOGIN CREATEDB PASSWORD 'frontdesk';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_user') THEN
          CREATE ROLE app_user NOLOGIN;
        END IF;
      END $$;
      GRANT app_user TO ${OWNER_ROLE};`);
    const exists = await admin.query("select 1 from pg_database where datname = $1", [template]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${template} OWNER ${OWNER_ROLE}`);
      const handle = openPostgres(asRole(adminUrl, OWNER_ROLE, template), 1);
      try {
        await runMigrations(handle);
      } catch (error) {
        await handle.close();
        await admin.query(`DROP DATABASE IF EXISTS ${template}`);
        throw error;
      }
      await handle.close();
    }
  } finally {
    await admin.end();
  }
  project.provide("postgresTemplate", template);
}
