import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { runMigrations } from "../../src/db/migrate";
import { pgliteExtensions, wrapPglite } from "../../src/db/open";
import { migrationsHash } from "./migrations-hash";

/** Migrates one in-memory PGlite and dumps it; every test file then loads the dump (about 1 s, not 4). */
export default async function setup(project: TestProject) {
  const file = path.resolve(".cache", `pglite-${migrationsHash()}.tar.gz`);
  if (!fs.existsSync(file)) {
    const client = await PGlite.create({ extensions: pgliteExtensions });
    await runMigrations(wrapPglite(client));
    const dump = await client.dumpDataDir("gzip");
    await client.close();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(`${file}.tmp`, file);
  }
  project.provide("pgliteDump", file);
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteDump: string;
    postgresTemplate: string;
  }
}
