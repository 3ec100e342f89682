import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { createLead, leadVersion } from "../../../tests/helpers/leads";
import { seededRandom } from "../../../tests/helpers/random";
import { getDb } from "../../db/client";
import type { Database } from "../../db/types";
import { changeLeadStatus } from "../leads/change-lead-status";
import { claimLead } from "../leads/claim-lead";
import { LEAD_STATUSES } from "../leads/options";
import { reassignLead } from "../leads/reassign-lead";
import { releaseLead } from "../leads/release-lead";
import { dashboardRangeSchema } from "./dashboard-range";
import { type Dashboard, loadDashboard } from "./load-dashboard";
import { ensureRollupZone } from "./rollup-zone";

// The daily rollups of migration 0020 are kept by triggers; app.rebuild_dashboard_rollups() counts them
// from scratch. After any history the two must hold the same numbers, in any zone.

let db: Database;
let sam: TestUser;
let rita: TestUser;
let ada: TestUser;

beforeAll(async () => {
  db = await getDb();
  [sam, rita, ada] = await Promise.all([
    createTestUser({ isSales: true, name: "Sam Seller" }),
    createTestUser({ isSales: true, name: "Rita Reyes" }),
    createTestUser({ role: "admin", name: "Ada Admin" }),
  ]);
});

const ROLLUPS = {
  lead_cohort_days: "day, highest_stage, outcome, contact, n",
  lead_loss_days: "day, loss_reason, n",
  lead_contact_days: "day, bucket, n",
  lead_win_days: "day, won_by, n",
  lead_claim_days: "day, user_id, n",
  lead_claim_repeats: "lead_id, user_id, day",
  lead_revenue_days: "day, won_by, currency, amount, leads",
  lead_revenue_totals: "won_by, currency, amount, leads",
} as const;

/** Every rollup row that counts something, as text, in a stable order. */
async function rollups(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [table, columns] of Object.entries(ROLLUPS)) {
    const nonZero = columns.endsWith(", n")
      ? "where n <> 0"
      : columns.includes("amount")
        ? "where leads <> 0 or amount <> 0"
        : "";
    const rows = await systemRows<{ row: string }>(
      sql.raw(`select (${columns})::text as row from ${table} ${nonZero} order by 1`),
    );
    out[table] = rows.map((r) => r.row);
  }
  return out;
}

/** The kept rollups, after checking them against a rebuild in their own zone. */
async function expectRollupsEqualRebuild() {
  const kept = await rollups();
  await systemRows(sql`select app.rebuild_dashboard_rollups((select zone from dashboard_zone))`);
  const rebuilt = await rollups();
  expect(kept).toEqual(rebuilt);
  return kept;
}

const ok = <T>(result: ({ ok: true } & T) | { ok: false; message: string }): T => {
  if (!result.ok) throw new Error(result.message);
  return result as T;
};

async function dashboard(actor: TestUser, from: string, to: string, timeZone = "UTC"): Promise<Dashboard> {
  const input = dashboardRangeSchema.parse({ range: "custom", from, to });
  return ok(await loadDashboard(db, actor.actor, input, { timeZone }));
}

const claim = async (who: TestUser, leadId: string) =>
  ok(await claimLead(db, who.actor, { leadId, version: await leadVersion(leadId) }));
const release = async (who: TestUser, leadId: string) =>
  ok(await releaseLead(db, who.actor, { leadId, version: await leadVersion(leadId) }));

/** Moves the lead's claim entries, in order, to the given moments. */
async function claimsAt(leadId: string, moments: string[]) {
  const claims = await systemRows<{ id: string }>(
    sql`select id from lead_events where lead_id = ${leadId} and type = 'claimed' order by created_at, id`,
  );
  expect(claims).toHaveLength(moments.length);
  for (const [i, c] of claims.entries())
    await systemRows(sql`update lead_events set created_at = ${moments[i]}::timestamptz where id = ${c.id}`);
}

describe("a lead a rep claimed on several days counts once in a range", () => {
  it("counts claimed leads, not claim entries, across days and zones", async () => {
    const twice = (await createLead()).id; // claimed, released, claimed again two days later
    const once = (await createLead()).id;
    const sameDay = (await createLead()).id; // claimed, released, claimed again the same day
    await claim(sam, twice);
    await release(sam, twice);
    await claim(sam, twice);
    await claim(sam, once);
    await claim(sam, sameDay);
    await release(sam, sameDay);
    await claim(sam, sameDay);
    await claimsAt(twice, ["2023-06-05T10:00:00Z", "2023-06-07T10:00:00Z"]);
    await claimsAt(once, ["2023-06-06T10:00:00Z"]);
    await claimsAt(sameDay, ["2023-06-08T09:00:00Z", "2023-06-08T17:00:00Z"]);

    const claimed = async (from: string, to: string, zone = "UTC") =>
      (await dashboard(ada, from, to, zone)).reps.find((r) => r.id === sam.id)?.claimed ?? 0;
    expect(await claimed("2023-06-01", "2023-06-30")).toBe(3);
    expect(await claimed("2023-06-05", "2023-06-06")).toBe(2);
    expect(await claimed("2023-06-07", "2023-06-07")).toBe(1);
    expect(await claimed("2023-06-08", "2023-06-08")).toBe(1);
    // In Tokyo (UTC+9) the 17:00 UTC claim falls on June 9th.
    expect(await claimed("2023-06-09", "2023-06-09", "Asia/Tokyo")).toBe(1);
    expect(await claimed("2023-06-01", "2023-06-30", "Asia/Tokyo")).toBe(3);

    // A deleted rep's claims no longer name anyone: they leave the count.
    const gone = await createTestUser({ isSales: true, name: "Gone Soon" });
    const goneLead = (await createLead()).id;
    await claim(gone, goneLead);
    await claimsAt(goneLead, ["2023-06-06T12:00:00Z"]);
    expect((await dashboard(ada, "2023-06-06", "2023-06-06")).reps.some((r) => r.id === gone.id)).toBe(true);
    await systemRows(sql`delete from users where id = ${gone.id}`);
    expect((await dashboard(ada, "2023-06-06", "2023-06-06")).reps.some((r) => r.id === gone.id)).toBe(false);
    await expectRollupsEqualRebuild();
  });
});

describe("the rollups follow the app's time zone", () => {
  it("rebuilds for a new zone once, and counts a Sunday-night lead on Sunday there", async () => {
    const lead = (await createLead()).id;
    // Monday 2022-05-02 02:30 UTC is Sunday May 1st, 22:30 in New York.
    await systemRows(sql`update leads set created_at = '2022-05-02T02:30:00Z' where id = ${lead}`);
    expect(await ensureRollupZone(db, "America/New_York")).toBe(true);
    expect(await ensureRollupZone(db, "America/New_York")).toBe(false);
    const [zone] = await systemRows<{ zone: string }>(sql`select zone from dashboard_zone`);
    expect(zone!.zone).toBe("America/New_York");
    expect((await dashboard(sam, "2022-05-01", "2022-05-01", "America/New_York")).funnel.cohort).toBe(1);
    expect((await dashboard(sam, "2022-05-02", "2022-05-02", "America/New_York")).funnel.cohort).toBe(0);
    // The dashboard read in another zone rebuilds for it before it counts.
    expect((await dashboard(sam, "2022-05-02", "2022-05-02", "UTC")).funnel.cohort).toBe(1);
    const [after] = await systemRows<{ zone: string }>(sql`select zone from dashboard_zone`);
    expect(after!.zone).toBe("UTC");
    await expect(ensureRollupZone(db, "Not/AZone")).rejects.toThrow();
    const [unchanged] = await systemRows<{ zone: string }>(sql`select zone from dashboard_zone`);
    expect(unchanged!.zone).toBe("UTC");
  });
});

describe("the rollups equal a recount from scratch after a random history", () => {
  it("holds for cohort, losses, contact delays, wins, claims and revenue, in two zones", async () => {
    const people = [sam, rita, ada];
    const statuses = LEAD_STATUSES;
    const reasons = ["No budget", "Timing", "Went with a competitor", "made up"];
    const random = seededRandom(424242);
    const ids: string[] = [];
    const accounts: string[] = [];
    for (let i = 0; i < 14; i++) {
      const email = `rollup-${crypto.randomBytes(4).toString("hex")}@example.test`;
      ids.push((await createLead({ email })).id);
      if (i % 3 === 0) accounts.push((await createTestUser({ email })).id);
    }
    const step = async (steps: number) => {
      for (let s = 0; s < steps; s++) {
        const leadId = ids[random(ids.length)]!;
        const who = people[random(people.length)]!;
        const version = await leadVersion(leadId);
        const move = random(14);
        if (move < 6) {
          const status = statuses[random(statuses.length)]!;
          await changeLeadStatus(db, who.actor, {
            leadId,
            version,
            status,
            lossReason: status === "closed_lost" ? reasons[random(reasons.length)] : undefined,
          } as never);
        } else if (move < 8) await claimLead(db, who.actor, { leadId, version });
        else if (move < 9) await releaseLead(db, who.actor, { leadId, version });
        else if (move < 10)
          await reassignLead(db, ada.actor, { leadId, version, toUserId: people[random(2)]!.id });
        else if (move < 11) {
          // Its whole history, some days earlier or later (a lead and its entries move days).
          const shift = `${random(900) - 450} hours`;
          await systemRows(sql`update lead_events set created_at = created_at + ${shift}::interval
              where lead_id = ${leadId}`);
          await systemRows(sql`update leads set created_at = created_at + ${shift}::interval,
              first_contact_at = first_contact_at + ${shift}::interval, won_at = won_at + ${shift}::interval
              where id = ${leadId}`);
        } else if (move < 12) {
          // One claim entry alone moves days: the same rep then claimed the lead on two days.
          await systemRows(sql`update lead_events set created_at = created_at - ${`${random(72)} hours`}::interval
              where id = (select id from lead_events where lead_id = ${leadId} and type = 'claimed'
                          order by created_at limit 1)`);
        } else {
          const account = accounts[random(accounts.length)]!;
          const status = ["active", "past_due", "trialing", "canceled"][random(4)]!;
          await systemRows(sql`update profiles set membership_status = ${status},
              mrr_amount = ${1000 + random(5) * 500}, mrr_currency = ${random(4) ? "usd" : "eur"}
              where id = ${account}`);
        }
      }
      await expectRollupsEqualRebuild();
    };
    await step(140);
    await ensureRollupZone(db, "America/Sao_Paulo");
    await step(80);
    for (const [leadId, who, reason] of [
      [ids[2]!, ada, "Timing"],
      [ids[3]!, ada, "made up"],
    ] as const) {
      await claimLead(db, who.actor, { leadId, version: await leadVersion(leadId) });
      ok(
        await changeLeadStatus(db, who.actor, {
          leadId,
          version: await leadVersion(leadId),
          status: "closed_lost",
          lossReason: reason,
        } as never),
      );
    }
    // Deleting leads and a rep who worked them leaves the rollups exact too.
    await systemRows(sql`delete from leads where id in (${ids[0]}::uuid, ${ids[1]}::uuid)`);
    await systemRows(sql`delete from users where id = ${accounts[1]!}`);
    const kept = await expectRollupsEqualRebuild();
    // The history touched every rollup (else the comparison proves little).
    for (const [table, rows] of Object.entries(kept)) expect(rows.length, table).toBeGreaterThan(0);
    await ensureRollupZone(db, "UTC");
  });
});
