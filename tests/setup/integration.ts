import { testUtils } from "better-auth/plugins";
import { afterAll } from "vitest";
import { createAuth, registerAuth } from "../../src/auth/auth";
import { closeDatabase, setDatabase } from "../../src/db/client";
import { openTestDatabase } from "./test-database";

// Each integration test file gets its own migrated database, used by the app code through getDb().
const handle = await openTestDatabase();
setDatabase(handle);
registerAuth(handle.db, createAuth(handle.db, [testUtils()]));

afterAll(async () => {
  await closeDatabase();
});
