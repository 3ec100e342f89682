import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import { asSystem } from "@/db/rls";
import type { Database } from "@/db/types";

export type RateLimitRule = { window: number; max: number };
type RateLimitDecision = { allowed: boolean; retryAfter: number | null };

/**
 * Records one attempt against `key` in a fixed window and says whether it is within the limit. One
 * atomic upsert, so concurrent requests on several app servers cannot all slip past a stale count.
 */
export async function consumeRateLimit(
  db: Database,
  key: string,
  rule: RateLimitRule,
): Promise<RateLimitDecision> {
  const rows = await asSystem(db, "rate-limit", (tx) =>
    queryRows<{ count: number; retry_after: number }>(
      tx,
      sql`
      insert into rate_limits (key, count, window_start) values (${key}, 1, now())
      on conflict (key) do update set
        count = case when rate_limits.window_start <= now() - make_interval(secs => ${rule.window})
                     then 1 else rate_limits.count + 1 end,
        window_start = case when rate_limits.window_start <= now() - make_interval(secs => ${rule.window})
                            then now() else rate_limits.window_start end
      returning count,
        ceil(extract(epoch from (window_start + make_interval(secs => ${rule.window}) - now())))::int as retry_after`,
    ),
  );
  const row = rows[0]!;
  const allowed = Number(row.count) <= rule.max;
  return { allowed, retryAfter: allowed ? null : Math.max(1, Number(row.retry_after)) };
}
