import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import { asSystem } from "@/db/rls";
import type { Database } from "@/db/types";

/**
 * Makes the dashboard's daily rollups count days in `zone` (the app's APP_TIMEZONE): if they were built for
 * another zone, rebuilds them from the leads (app.rebuild_dashboard_rollups, migration 0020; writers wait
 * meanwhile). Answers whether it rebuilt. Run at start-up, and by the dashboard if the zone changed since.
 * The rebuild takes its table locks only when all are free (NOWAIT), so a busy moment costs a retry.
 */
export async function ensureRollupZone(db: Database, zone: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await asSystem(db, "dashboard: rollups in the app's time zone", async (tx) => {
        const [row] = await queryRows<{ zone: string }>(tx, sql`select zone from dashboard_zone for update`);
        if (row?.zone === zone) return false;
        await tx.execute(sql`select app.rebuild_dashboard_rollups(${zone})`);
        return true;
      });
    } catch (error) {
      if (!isLockNotAvailable(error) || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80 * Math.min(attempt, 10)));
    }
  }
}

/** PostgreSQL's lock_not_available (55P03), however the driver wraps it. */
function isLockNotAvailable(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "55P03") return true;
  }
  return false;
}
