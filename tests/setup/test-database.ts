import crypto from "node:crypto";
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { inject } from "vitest";
import { openPostgres, pgliteExtensions, wrapPglite } from "../../src/db/open";
import type { DatabaseHandle } from "../../src/db/types";
import { asRole, OWNER_ROLE } from "./postgres-roles";

export type TestDriver = "pglite" | "postgres";
export const testDriver = (): TestDriver => (process.env.TEST_DB === "postgres" ? "postgres" : "pglite");

/** A fresh, migrated database for one test file: a PGlite loaded from the dump, or a cloned PostgreSQL. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  if (testDriver() === "pglite") {
    const dump = new Blob([fs.readFileSync(inject("pgliteDump"))]);
    const client = await PGlite.create({ loadDataDir: dump, extensions: pgliteExtensions });
    return wrapPglite(client);
  }
  const adminUrl = process.env.DATABASE_URL!;
  const name = `frontdesk_t_${crypto.randomBytes(6).toString("hex")}`;
  const ownerUrl = asRole(adminUrl, OWNER_ROLE);
  const creator = new pg.Client({ connectionString: ownerUrl });
  await creator.connect();
  try {
    await cloneTemplate(creator, name, inject("postgresTemplate"));
  } finally {
    await creator.end();
  }
  const handle = openPostgres(asRole(adminUrl, OWNER_ROLE, name), 20);
  return {
    ...handle,
    driver: "postgres",
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: ownerUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => dropper.end());
    },
  };
}

async function cloneTemplate(client: pg.Client, name: string, template: string): Promise<void> {
  // Two workers cloning at the same instant can collide on the template's lock; a short retry settles it.
  for (let attempt = 0; ; attempt++) {
    try {
      await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      if (attempt >= 20 || !String((error as Error).message).includes("being accessed by other users"))
        throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}
