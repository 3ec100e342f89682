import { getAuth } from "@/auth/auth";
import { authSecret, isDemoMode } from "@/config/env";
import { getDatabase } from "@/db/client";
import { demoLoginsText, seedDemo } from "@/db/seed/seed-demo";
import { startJobs } from "@/jobs/run-jobs";

export async function startServer(): Promise<void> {
  authSecret(); // refuses to start in production without a real secret
  const handle = await getDatabase(); // opens and migrates
  if (isDemoMode()) {
    const seeded = await seedDemo(handle.db, await getAuth());
    console.log(`[frontdesk] ${seeded ? "Seeded demo data. " : ""}${demoLoginsText()}`);
  }
  if (process.env.FRONTDESK_JOBS !== "off") startJobs(handle.db);
}
