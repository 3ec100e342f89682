import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { systemRows } from "../../tests/helpers/db";
import { getAuth } from "../auth/auth";
import { getDb } from "../db/client";
import { seedDemo } from "./seed-demo";

describe("demo data", () => {
  it("seeds the demo accounts and about 200 leads across statuses and owners, with notes and history", async () => {
    const started = Date.now();
    const billing = { skipped: "this test has no Stripe" };
    expect(await seedDemo(await getDb(), await getAuth(), billing)).toBe(true);
    const [leads] = await systemRows<{ n: number; owners: number; statuses: number; open: number }>(
      sql`select count(*)::int as n, count(distinct claimed_by)::int as owners, count(distinct status)::int as statuses,
                 count(*) filter (where claimed_by is null)::int as open from leads`,
    );
    expect(leads).toMatchObject({ n: 200, owners: 3, statuses: 6 });
    expect(leads!.open).toBeGreaterThan(20);
    const [extra] = await systemRows<{ notes: number; events: number; counted: number }>(
      sql`select (select count(*)::int from lead_notes) as notes, (select count(*)::int from lead_events) as events,
                 (select sum(n)::int from lead_counts) as counted`,
    );
    expect(extra!.notes).toBeGreaterThan(20);
    expect(extra!.events).toBeGreaterThan(200);
    expect(extra!.counted).toBe(200);
    expect(Date.now() - started).toBeLessThan(20_000);

    // Without Stripe nobody pays (the paying members stay on their trial), and carla is still comped.
    const rows = await systemRows<{
      email: string;
      membership_status: string;
      billing_exempt: boolean;
      stripe_customer_id: string | null;
      trial_running: boolean;
    }>(
      sql`select u.email, p.membership_status, p.billing_exempt, p.stripe_customer_id,
                 p.trial_ends_at > now() as trial_running
          from profiles p join users u on u.id = p.id order by u.email`,
    );
    const of = (name: string) => rows.find((r) => r.email === `${name}@frontdesk.test`);
    for (const name of ["andy", "pat"]) {
      expect(of(name)).toMatchObject({
        membership_status: "trial",
        trial_running: true,
        stripe_customer_id: null,
      });
    }
    expect(of("carla")).toMatchObject({ membership_status: "active", billing_exempt: true });
    expect(rows.filter((r) => r.stripe_customer_id !== null)).toEqual([]);
  });
});
