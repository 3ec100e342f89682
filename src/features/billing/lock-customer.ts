import { sql } from "drizzle-orm";
import type { Tx } from "@/db/types";

/**
 * Serialises every change to one customer's billing state (an account's or a team's): syncs, exemption,
 * deletion. Taken before the row lock, always in that order, so two of them never deadlock.
 */
export async function lockCustomer(tx: Tx, customerId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`stripe-customer:${customerId}`}))`);
}
