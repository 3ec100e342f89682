import { eq } from "drizzle-orm";
import { asSystem } from "@/db/rls";
import { profiles } from "@/db/schema";
import type { Database } from "@/db/types";

export async function isDeactivated(db: Database, userId: string): Promise<boolean> {
  const [row] = await asSystem(db, "auth: deactivation check", (tx) =>
    tx.select({ at: profiles.deactivatedAt }).from(profiles).where(eq(profiles.id, userId)),
  );
  return Boolean(row?.at);
}
