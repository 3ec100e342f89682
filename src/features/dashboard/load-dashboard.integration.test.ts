import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { createLead, leadVersion } from "../../../tests/helpers/leads";
import { seededRandom } from "../../../tests/helpers/random";
import { getDb } from "../../db/client";
import { asSystem, withActor } from "../../db/rls";
import type { Database } from "../../db/types";
import { loadDashboardOperation } from "../../server/operations/dashboard";
import { onStartedPaying } from "../billing/started-paying";
import { changeLeadStatus } from "../leads/change-lead-status";
import { claimLead } from "../leads/claim-lead";
import { LEAD_STATUSES, type LeadStatus } from "../leads/options";
import { reassignLead } from "../leads/reassign-lead";
import { releaseLead } from "../leads/release-lead";
import { dashboardRangeSchema } from "./dashboard-range";
import { type Dashboard, loadDashboard } from "./load-dashboard";

// Crafted histories for every definition of the dashboard (SPEC §3). Each test builds its leads through
// the real operations, then moves the whole history (lead and timeline alike) to its own stretch of the
// past, and reads that stretch as a custom range, so tests in this file never count each other's leads.

let db: Database;
let sam: TestUser;
let rita: TestUser;
let ada: TestUser;
let mo: TestUser;

beforeAll(async () => {
  db = await getDb();
  [sam, rita, ada, mo] = await Promise.all([
    createTestUser({ isSales: true, name: "Sam Seller" }),
    createTestUser({ isSales: true, name: "Rita Reyes" }),
    createTestUser({ role: "admin", name: "Ada Admin" }),
    createTestUser({ name: "Mo Member" }),
  ]);
});

const ok = <T>(result: ({ ok: true } & T) | { ok: false; message: string }): T => {
  if (!result.ok) throw new Error(result.message);
  return result as T;
};

async function setStatus(actor: TestUser, leadId: string, status: LeadStatus, lossReason?: string) {
  ok(
    await changeLeadStatus(db, actor.actor, {
      leadId,
      version: await leadVersion(leadId),
      status,
      lossReason,
    } as never),
  );
}
const claim = async (actor: TestUser, leadId: string) =>
  ok(await claimLead(db, actor.actor, { leadId, version: await leadVersion(leadId) }));
const reassign = async (leadId: string, to: TestUser) =>
  ok(await reassignLead(db, ada.actor, { leadId, version: await leadVersion(leadId), toUserId: to.id }));

/** Moves a lead's whole history so that it was submitted at `at` (every time keeps its distance). */
async function moveHistory(leadId: string, at: string) {
  const shift = sql`(${at}::timestamptz - (select created_at from leads where id = ${leadId}))`;
  await systemRows(sql`update lead_events set created_at = created_at + ${shift} where lead_id = ${leadId}`);
  await systemRows(sql`update leads set
      first_contact_at = first_contact_at + ${shift}, won_at = won_at + ${shift},
      claimed_at = claimed_at + ${shift}, updated_at = updated_at + ${shift},
      last_activity_at = last_activity_at + ${shift}, created_at = ${at}::timestamptz
    where id = ${leadId}`);
}

async function dashboard(actor: TestUser, from: string, to: string, timeZone = "UTC"): Promise<Dashboard> {
  const input = dashboardRangeSchema.parse({ range: "custom", from, to });
  return ok(await loadDashboard(db, actor.actor, input, { timeZone }));
}

const reachedOf = (d: Dashboard) => Object.fromEntries(d.funnel.reached.map((r) => [r.stage, r.count]));
const repOf = (d: Dashboard, id: string) => d.reps.find((r) => r.id === id);

describe("the funnel counts each lead of the cohort once, at the highest stage it ever reached", () => {
  it("counts skipped stages as passed, does not un-count a lead that moved back, and keeps a lost lead's stage", async () => {
    const skipped = (await createLead()).id; // new → qualified
    const back = (await createLead()).id; // new → contacted → qualified → contacted
    const lost = (await createLead()).id; // new → contacted → closed_lost
    const untouched = (await createLead()).id;
    const won = (await createLead()).id; // new → converted → closed_won
    await setStatus(sam, skipped, "qualified");
    await setStatus(sam, back, "contacted");
    await setStatus(sam, back, "qualified");
    await setStatus(sam, back, "contacted");
    await setStatus(rita, lost, "contacted");
    await setStatus(rita, lost, "closed_lost", "No budget");
    await setStatus(sam, won, "converted");
    await setStatus(sam, won, "closed_won");
    for (const [i, id] of [skipped, back, lost, untouched, won].entries())
      await moveHistory(id, `2024-02-0${i + 1}T12:00:00Z`);
    // Outside the range by a second: not in the cohort.
    const outside = (await createLead()).id;
    await moveHistory(outside, "2024-02-29T23:59:59Z"); // 2024 is a leap year: Feb 29 is the range's last day
    const later = (await createLead()).id;
    await moveHistory(later, "2024-03-01T00:00:00Z");

    const d = await dashboard(sam, "2024-02-01", "2024-02-28");
    expect(d.funnel.cohort).toBe(5);
    expect(reachedOf(d)).toEqual({ new: 5, contacted: 4, qualified: 3, converted: 1, closed_won: 1 });
    expect(d.funnel.lost).toBe(1);
    expect(d.funnel.lostByReason).toEqual([{ reason: "No budget", count: 1 }]);
    const withLeap = await dashboard(sam, "2024-02-01", "2024-02-29");
    expect(withLeap.funnel.cohort).toBe(6);
    expect(withLeap.range.end.toISOString()).toBe("2024-03-01T00:00:00.000Z");
  });
});

describe("lost leads by reason", () => {
  it("shows each known reason once, and leads lost with no reason or one no longer offered as one row", async () => {
    const timing = [(await createLead()).id, (await createLead()).id, (await createLead()).id];
    const retired = (await createLead()).id; // a reason since taken off the list
    const none = (await createLead()).id; // lost before reasons were asked for
    for (const id of [...timing, retired, none]) await setStatus(sam, id, "closed_lost", "Timing");
    await systemRows(sql`update leads set loss_reason = 'Went quiet (old list)' where id = ${retired}`);
    await systemRows(sql`update leads set loss_reason = null where id = ${none}`);
    for (const [i, id] of [...timing, retired, none].entries())
      await moveHistory(id, `2021-03-0${i + 1}T12:00:00Z`);

    const d = await dashboard(sam, "2021-03-01", "2021-03-31");
    expect(d.funnel.lost).toBe(5);
    expect(d.funnel.lostByReason).toEqual([
      { reason: "Timing", count: 3 },
      { reason: null, count: 2 },
    ]);
  });
});

describe("time to first contact is the first status change a person made", () => {
  it("ignores bare claims and system changes, and reports median, shares, waiting and the oldest waiting", async () => {
    const email = `prospect-${crypto.randomBytes(4).toString("hex")}@example.test`;
    const claimedOnly = (await createLead()).id;
    const signedUp = (await createLead({ email })).id;
    const halfHour = (await createLead()).id;
    const threeHours = (await createLead()).id;
    const twoDays = (await createLead()).id;
    const paidAlone = (await createLead()).id;
    await claim(sam, claimedOnly);
    // The sign-up links and converts the lead: a system change.
    await createTestUser({ email });
    const [linked] = await systemRows<{ status: string; first_contact_at: Date | null }>(
      sql`select status, first_contact_at from leads where id = ${signedUp}`,
    );
    expect(linked).toMatchObject({ status: "converted", first_contact_at: null });
    for (const id of [halfHour, threeHours, twoDays]) await setStatus(rita, id, "contacted");
    // A lead whose account signs up and pays on its own is won by the system, never contacted.
    const payer = await createTestUser({
      email: `payer-${crypto.randomBytes(4).toString("hex")}@example.test`,
    });
    await systemRows(sql`update leads set user_id = ${payer.id} where id = ${paidAlone}`);
    await asSystem(db, "test", (tx) => onStartedPaying(tx, payer.id, new Date()));

    const [claimedRow] = await systemRows<{ first_contact_at: Date | null; first_contact_by: string | null }>(
      sql`select first_contact_at, first_contact_by from leads where id = ${claimedOnly}`,
    );
    expect(claimedRow).toEqual({ first_contact_at: null, first_contact_by: null });
    const [contacted] = await systemRows<{ first_contact_by: string }>(
      sql`select first_contact_by from leads where id = ${halfHour}`,
    );
    expect(contacted?.first_contact_by).toBe(rita.id);

    await moveHistory(claimedOnly, "2024-05-06T08:00:00Z");
    await moveHistory(signedUp, "2024-05-07T08:00:00Z");
    await moveHistory(paidAlone, "2024-05-08T08:00:00Z");
    const delays = { [halfHour]: "30 minutes", [threeHours]: "3 hours", [twoDays]: "2 days" };
    for (const [id, delay] of Object.entries(delays)) {
      await moveHistory(id, "2024-05-09T08:00:00Z");
      await systemRows(
        sql`update leads set first_contact_at = created_at + ${delay}::interval where id = ${id}`,
      );
    }
    // A later status change does not move the first contact.
    await setStatus(rita, halfHour, "qualified");

    const d = await dashboard(rita, "2024-05-01", "2024-05-31");
    expect(d.firstContact).toEqual({
      cohort: 6,
      answered: 3,
      medianSeconds: 3 * 3600,
      within1h: 1,
      within24h: 2,
      waiting: 2,
      oldestWaitingAt: new Date("2024-05-06T08:00:00Z"),
      closedUnanswered: 1,
    });
  });
});

describe("per rep", () => {
  it("credits a win to whoever owned the lead when it was won, counts claims in range, and keeps Unclaimed", async () => {
    const handedOver = (await createLead()).id;
    await setStatus(sam, handedOver, "qualified"); // claims it for Sam (a claim entry) and contacts it
    await reassign(handedOver, rita);
    await setStatus(rita, handedOver, "closed_won");
    await reassign(handedOver, sam); // after the win: the credit stays with Rita
    const samsOwn = (await createLead()).id;
    await claim(sam, samsOwn);
    await setStatus(sam, samsOwn, "closed_won");
    const nobodys = (await createLead()).id;
    const payer = await createTestUser({
      email: `won-${crypto.randomBytes(4).toString("hex")}@example.test`,
    });
    await systemRows(sql`update leads set user_id = ${payer.id} where id = ${nobodys}`);
    await asSystem(db, "test", (tx) => onStartedPaying(tx, payer.id, new Date()));
    const reopened = (await createLead()).id;
    await setStatus(sam, reopened, "closed_won");
    await setStatus(sam, reopened, "qualified"); // no longer won: not counted as a win
    for (const id of [handedOver, samsOwn, nobodys, reopened]) await moveHistory(id, "2024-08-05T10:00:00Z");
    // Sam claims one more lead in the range and keeps it open.
    const open = (await createLead()).id;
    await claim(sam, open);
    await moveHistory(open, "2024-08-06T10:00:00Z");
    // Rita claimed a lead before the range: not a claim in it.
    const before = (await createLead()).id;
    await claim(rita, before);
    await moveHistory(before, "2024-07-01T10:00:00Z");

    const d = await dashboard(ada, "2024-08-01", "2024-08-31");
    expect(repOf(d, rita.id)).toMatchObject({ name: "Rita Reyes", won: 1, claimed: 0 });
    expect(repOf(d, sam.id)).toMatchObject({ name: "Sam Seller", won: 1, claimed: 4 });
    expect(repOf(d, "")).toMatchObject({ name: "Unclaimed", won: 1 });
    const [wonRow] = await systemRows<{ won_by: string; claimed_by: string }>(
      sql`select won_by, claimed_by from leads where id = ${handedOver}`,
    );
    expect(wonRow).toEqual({ won_by: rita.id, claimed_by: sam.id });

    // Open now is the current state: every lead each person owns that is not closed, whenever submitted.
    const truth = await systemRows<{ owner: string; n: number }>(
      sql`select coalesce(claimed_by, '') as owner, count(*)::int as n from leads
          where status not in ('closed_won', 'closed_lost') group by 1`,
    );
    for (const t of truth) expect(repOf(d, t.owner)?.openNow).toBe(t.n);
  });

  it("releasing before a win leaves the win unclaimed", async () => {
    const released = (await createLead()).id;
    await claim(sam, released);
    ok(await releaseLead(db, sam.actor, { leadId: released, version: await leadVersion(released) }));
    const payer = await createTestUser({
      email: `rel-${crypto.randomBytes(4).toString("hex")}@example.test`,
    });
    await systemRows(sql`update leads set user_id = ${payer.id} where id = ${released}`);
    await asSystem(db, "test", (tx) => onStartedPaying(tx, payer.id, new Date()));
    await moveHistory(released, "2023-01-10T10:00:00Z");
    const d = await dashboard(sam, "2023-01-01", "2023-01-31");
    expect(repOf(d, "")?.won).toBe(1);
    expect(repOf(d, sam.id)).toMatchObject({ won: 0, claimed: 1 });
  });
});

describe("revenue: monthly recurring revenue of accounts that came from leads", () => {
  it("counts active and past_due subscriptions and owned teams per currency, and drops trials and exempt accounts", async () => {
    const email = `rev-${crypto.randomBytes(4).toString("hex")}@example.test`;
    const lead = (await createLead({ email })).id;
    await claim(rita, lead);
    const account = await createTestUser({ email });
    const paid = (status: string, amount: number | null, currency = "usd") =>
      systemRows(sql`update profiles set membership_status = ${status}, mrr_amount = ${amount},
          mrr_currency = ${currency} where id = ${account.id}`);
    const revenueOfLead = () =>
      systemRows<{ currency: string; amount: number }>(
        sql`select currency, amount::int as amount from lead_revenue where lead_id = ${lead} order by currency`,
      );
    await paid("active", 2417); // $290 a year, / 12
    await setStatus(rita, lead, "closed_won");
    expect(await revenueOfLead()).toEqual([{ currency: "usd", amount: 2417 }]);
    const [team] = await systemRows<{ id: string }>(
      sql`insert into teams (name, owner_id, billing_status, seats_paid, mrr_amount, mrr_currency)
          values ('Rev team', ${account.id}, 'active', 5, 7500, 'usd') returning id`,
    );
    expect(await revenueOfLead()).toEqual([{ currency: "usd", amount: 2417 + 7500 }]);
    await paid("past_due", 2417);
    await systemRows(sql`update teams set mrr_currency = 'eur', mrr_amount = 6000 where id = ${team!.id}`);
    expect(await revenueOfLead()).toEqual([
      { currency: "eur", amount: 6000 },
      { currency: "usd", amount: 2417 },
    ]);
    const now = await loadDashboard(db, ada.actor, dashboardRangeSchema.parse({ range: "all" }), {
      timeZone: "UTC",
    });
    const d = ok(now);
    expect(d.revenue).toEqual(
      expect.arrayContaining([
        { currency: "usd", amount: 2417, leads: 1 },
        { currency: "eur", amount: 6000, leads: 1 },
      ]),
    );
    expect(d.revenueByWinner.find((r) => r.id === rita.id)?.amounts).toEqual(
      new Map([
        ["usd", 2417],
        ["eur", 6000],
      ]),
    );
    expect(repOf(d, rita.id)?.mrrWon.get("usd")).toBe(2417);
    // Reopened, the lead is nobody's win: its revenue follows (lead_revenue keeps a copy of the winner).
    await setStatus(rita, lead, "converted");
    const reopened = ok(
      await loadDashboard(db, ada.actor, dashboardRangeSchema.parse({ range: "all" }), { timeZone: "UTC" }),
    );
    expect(reopened.revenueByWinner.find((r) => r.id === rita.id)).toBeUndefined();
    expect(reopened.revenueByWinner.find((r) => r.id === "")?.amounts.get("eur")).toBe(6000);
    await setStatus(rita, lead, "closed_won");
    const [drift] = await systemRows<{ n: number }>(
      sql`select count(*)::int as n from lead_revenue r join leads l on l.id = r.lead_id
          where r.won_by is distinct from l.won_by`,
    );
    expect(drift!.n).toBe(0);

    await systemRows(sql`update teams set billing_status = 'inactive' where id = ${team!.id}`);
    await paid("trial", null);
    expect(await revenueOfLead()).toEqual([]);
    await paid("active", 2900);
    expect(await revenueOfLead()).toEqual([{ currency: "usd", amount: 2900 }]);
    await systemRows(sql`update profiles set billing_exempt = true where id = ${account.id}`);
    expect(await revenueOfLead()).toEqual([]);
  });
});

describe("new leads per ISO week, in the app's time zone", () => {
  const at = async (...moments: string[]) => {
    for (const m of moments) await moveHistory((await createLead()).id, m);
  };

  it("lists every week across a year end, zeros included, bucketed by local time", async () => {
    await at(
      "2025-12-22T15:00:00Z", // Mon Dec 22 — 2025-W52
      "2025-12-23T15:00:00Z",
      "2026-01-11T04:30:00Z", // Sun Jan 11, 23:30 in New York: still 2026-W02 (in UTC it is W03)
      "2025-12-22T04:30:00Z", // Sun Dec 21, 23:30 in New York: before the range
    );
    const d = await dashboard(sam, "2025-12-22", "2026-01-11", "America/New_York");
    expect(d.weekly.map((w) => [w.label, w.count])).toEqual([
      ["2025-W52", 2],
      ["2026-W01", 0],
      ["2026-W02", 1],
    ]);
    expect(d.weekly[0]!.start.toISOString()).toBe("2025-12-22T05:00:00.000Z");
    expect(d.weekly[2]!.end.toISOString()).toBe("2026-01-12T05:00:00.000Z");
    expect(d.range.timeZone).toBe("America/New_York");
  });

  it("numbers a 53-week year and starts each week at the local midnight across a daylight-saving change", async () => {
    // 2026 has 53 ISO weeks (it starts on a Thursday); New York moves to daylight time on Sun Mar 8, 2026.
    await at("2026-12-29T12:00:00Z", "2026-03-09T04:30:00Z"); // Mon Mar 9, 00:30 EDT: week 11, not 10
    const yearEnd = await dashboard(sam, "2026-12-28", "2027-01-03", "America/New_York");
    expect(yearEnd.weekly.map((w) => [w.label, w.count])).toEqual([["2026-W53", 1]]);
    const dst = await dashboard(sam, "2026-03-02", "2026-03-15", "America/New_York");
    expect(dst.weekly.map((w) => [w.label, w.count])).toEqual([
      ["2026-W10", 0],
      ["2026-W11", 1],
    ]);
    expect(dst.weekly.map((w) => w.start.toISOString())).toEqual([
      "2026-03-02T05:00:00.000Z", // EST, UTC−5
      "2026-03-09T04:00:00.000Z", // EDT, UTC−4
    ]);
    const utc = await dashboard(sam, "2026-03-02", "2026-03-15");
    expect(utc.weekly.map((w) => w.count)).toEqual([0, 1]);
  });
});

describe("the facts kept on each lead equal a recount from the timeline after a random history", () => {
  it("matches app.recount_lead_facts() (the migration's back-fill) for stage, first contact and win", async () => {
    const people = [sam, rita, ada];
    const statuses = LEAD_STATUSES;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await createLead()).id);
    const random = seededRandom(20261201);
    for (let step = 0; step < 120; step++) {
      const leadId = ids[random(ids.length)]!;
      const who = people[random(people.length)]!;
      const version = await leadVersion(leadId);
      const move = random(10);
      if (move < 6) {
        const status = statuses[random(statuses.length)]!;
        await changeLeadStatus(db, who.actor, {
          leadId,
          version,
          status,
          lossReason: status === "closed_lost" ? "Timing" : undefined,
        } as never);
      } else if (move < 7) await claimLead(db, who.actor, { leadId, version });
      else if (move < 8) await releaseLead(db, who.actor, { leadId, version });
      else await reassignLead(db, ada.actor, { leadId, version, toUserId: people[random(2)]!.id });
    }
    type Facts = {
      id: string;
      highest_stage: number;
      first_contact_at: Date | null;
      first_contact_by: string | null;
      won_at: Date | null;
      won_by: string | null;
    };
    const facts = () =>
      systemRows<Facts>(
        sql`select id, highest_stage, first_contact_at, first_contact_by, won_at, won_by from leads
            where id in (${sql.join(
              ids.map((id) => sql`${id}::uuid`),
              sql`, `,
            )}) order by id`,
      );
    const kept = await facts();
    expect(kept.some((f) => f.won_at) && kept.some((f) => f.first_contact_at)).toBe(true);
    await asSystem(db, "test: recount", (tx) => tx.execute(sql`select app.recount_lead_facts()`));
    const recounted = await facts();
    // Times agree to within the transaction (the row's now() against the entry's clock time).
    const near = (a: Date | null, b: Date | null) =>
      a === null || b === null ? a === b : Math.abs(new Date(a).getTime() - new Date(b).getTime()) < 1000;
    for (const [i, k] of kept.entries()) {
      const r = recounted[i]!;
      expect({ id: k.id, stage: k.highest_stage, by: k.first_contact_by, wonBy: k.won_by }).toEqual({
        id: r.id,
        stage: r.highest_stage,
        by: r.first_contact_by,
        wonBy: r.won_by,
      });
      expect(near(k.first_contact_at, r.first_contact_at) && near(k.won_at, r.won_at)).toBe(true);
    }
  });
});

describe("who may read the dashboard", () => {
  it("answers sales reps and admins, refuses members and visitors, and row-level security hides its data from members", async () => {
    const paying = (await createLead()).id;
    await systemRows(
      sql`insert into lead_revenue (lead_id, currency, amount) values (${paying}, 'usd', 2900)`,
    );
    const input = { range: "7d" };
    expect((await loadDashboardOperation.forActor(sam.actor, input)).ok).toBe(true);
    expect((await loadDashboardOperation.forActor(ada.actor, input)).ok).toBe(true);
    expect(await loadDashboardOperation.forActor(mo.actor, input)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await loadDashboardOperation(new Headers(), input)).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
    const seen = await withActor(db, mo.actor, async (tx) => ({
      leads: await tx.execute(sql`select count(*)::int as n from leads`),
      revenue: await tx.execute(sql`select count(*)::int as n from lead_revenue`),
      counts: await tx.execute(sql`select count(*)::int as n from lead_counts`),
    }));
    const n = (r: unknown) => Number((r as { rows: { n: number }[] }).rows[0]!.n);
    expect([n(seen.leads), n(seen.revenue), n(seen.counts)]).toEqual([0, 0, 0]);
    const [all] = await systemRows<{ n: number }>(sql`select count(*)::int as n from lead_revenue`);
    expect(all!.n).toBeGreaterThan(0);
  });

  it("a bad custom range falls back to the last 30 days and says why", async () => {
    const d = ok(
      await loadDashboardOperation.forActor(sam.actor, {
        range: "custom",
        from: "2026-02-30",
        to: "2026-03-01",
      }),
    );
    expect(d.range.preset).toBe("30d");
    expect(d.range.notice).toMatch(/Choose both days/);
    const reversed = ok(
      await loadDashboardOperation.forActor(sam.actor, {
        range: "custom",
        from: "2026-03-02",
        to: "2026-03-01",
      }),
    );
    expect(reversed.range.notice).toMatch(/ends before it starts/);
  });
});
