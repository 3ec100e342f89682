import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { createLead, leadVersion } from "../../../tests/helpers/leads";
import { getDb } from "../../db/client";
import { migrationsFolder } from "../../db/migrate";
import { asSystem } from "../../db/rls";
import type { Database } from "../../db/types";
import { changeLeadStatus } from "../leads/change-lead-status";

// The facts' upkeep where accounts and people come and go, and the repair migration's back-fill as the
// migrator runs it: as the database owner, without the system flag (on PostgreSQL the owner is subject to
// the forced row-level security of leads, profiles and teams).

let db: Database;
let rep: TestUser;

beforeAll(async () => {
  db = await getDb();
  rep = await createTestUser({ isSales: true, name: "Rhea Rep" });
});

const revenueOf = (leadId: string) =>
  systemRows<{ currency: string; amount: number }>(
    sql`select currency, amount::int as amount from lead_revenue where lead_id = ${leadId}`,
  );

async function payingAccount(email: string, amount = 2900) {
  const account = await createTestUser({ email });
  await systemRows(sql`update profiles set membership_status = 'active', mrr_amount = ${amount}, mrr_currency = 'usd'
      where id = ${account.id}`);
  return account;
}

describe("revenue from leads follows the accounts", () => {
  it("counts an account once when two of its leads are linked to it: on the latest submitted", async () => {
    const email = `twice-${crypto.randomBytes(4).toString("hex")}@example.test`;
    const first = (await createLead({ email })).id;
    await changeLeadStatus(db, rep.actor, {
      leadId: first,
      version: await leadVersion(first),
      status: "closed_lost",
      lossReason: "Timing",
    });
    const again = (await createLead({ email })).id; // a closed lead's email opens a new lead
    expect(again).not.toBe(first);
    await payingAccount(email);
    expect(await revenueOf(first)).toEqual([]);
    expect(await revenueOf(again)).toEqual([{ currency: "usd", amount: 2900 }]);
  });

  it("drops the revenue of a lead whose account is deleted", async () => {
    const email = `gone-${crypto.randomBytes(4).toString("hex")}@example.test`;
    const lead = (await createLead({ email })).id;
    const account = await payingAccount(email);
    expect(await revenueOf(lead)).toHaveLength(1);
    await systemRows(sql`delete from users where id = ${account.id}`);
    expect(await revenueOf(lead)).toEqual([]);
  });
});

describe("a team's revenue follows its owner", () => {
  it("moves to the new owner's lead when ownership is transferred, and goes when the team is deleted", async () => {
    const firstEmail = `owner-${crypto.randomBytes(4).toString("hex")}@example.test`;
    const nextEmail = `heir-${crypto.randomBytes(4).toString("hex")}@example.test`;
    const firstLead = (await createLead({ email: firstEmail })).id;
    const nextLead = (await createLead({ email: nextEmail })).id;
    const owner = await createTestUser({ email: firstEmail });
    const heir = await createTestUser({ email: nextEmail });
    const [team] = await systemRows<{ id: string }>(
      sql`insert into teams (name, owner_id, billing_status, seats_paid, mrr_amount, mrr_currency)
          values ('Moving team', ${owner.id}, 'active', 3, 7200, 'usd') returning id`,
    );
    expect(await revenueOf(firstLead)).toEqual([{ currency: "usd", amount: 7200 }]);
    await systemRows(sql`update teams set owner_id = ${heir.id} where id = ${team!.id}`);
    expect(await revenueOf(firstLead)).toEqual([]);
    expect(await revenueOf(nextLead)).toEqual([{ currency: "usd", amount: 7200 }]);
    await systemRows(sql`delete from teams where id = ${team!.id}`);
    expect(await revenueOf(nextLead)).toEqual([]);
  });
});

describe("the recount after a person is deleted", () => {
  it("deleting a rep who worked leads works, and the recount keeps who first contacted them", async () => {
    const leaver = await createTestUser({ isSales: true, name: "Lee Leaver" });
    const lead = (await createLead()).id;
    await changeLeadStatus(db, leaver.actor, {
      leadId: lead,
      version: await leadVersion(lead),
      status: "contacted",
    });
    await systemRows(sql`delete from users where id = ${leaver.id}`);
    const before = await systemRows<{ at: Date }>(
      sql`select first_contact_at as at from leads where id = ${lead}`,
    );
    expect(before[0]!.at).not.toBeNull();
    await asSystem(db, "test: recount", (tx) => tx.execute(sql`select app.recount_lead_facts()`));
    const after = await systemRows<{ at: Date; by: string | null }>(
      sql`select first_contact_at as at, first_contact_by as by from leads where id = ${lead}`,
    );
    expect(Math.abs(new Date(after[0]!.at).getTime() - new Date(before[0]!.at).getTime())).toBeLessThan(1000);
    expect(after[0]!.by).toBe(leaver.id);
  });
});

describe("migration 0019's back-fill, as the migrator runs it", () => {
  it("repairs facts and revenue as the owner without the system flag, and leaves the flag off", async () => {
    const email = `backfill-${crypto.randomBytes(4).toString("hex")}@example.test`;
    const lead = (await createLead({ email })).id;
    await changeLeadStatus(db, rep.actor, {
      leadId: lead,
      version: await leadVersion(lead),
      status: "qualified",
    });
    await changeLeadStatus(db, rep.actor, {
      leadId: lead,
      version: await leadVersion(lead),
      status: "closed_won",
    });
    await payingAccount(email);
    // As an install that had the columns but never got the back-fill: facts and revenue empty.
    await systemRows(sql`update leads set highest_stage = 0, first_contact_at = null, first_contact_by = null,
        won_at = null, won_by = null where id = ${lead}`);
    await systemRows(sql`delete from lead_revenue where lead_id = ${lead}`);

    const file = fs.readFileSync(path.join(migrationsFolder, "0019_dashboard_facts_repairs.sql"), "utf8");
    const statements = file
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean);
    const flag = await db.transaction(async (tx) => {
      for (const statement of statements) await tx.execute(sql.raw(statement));
      return tx.execute(sql`select coalesce(current_setting('app.system', true), '') as flag`);
    });
    expect((flag as unknown as { rows: { flag: string }[] }).rows[0]!.flag).toBe("");

    const [facts] = await systemRows<{
      stage: number;
      by: string;
      won_by: string;
      won: boolean;
      contacted: boolean;
    }>(
      sql`select highest_stage as stage, first_contact_by as by, won_by, won_at is not null as won,
          first_contact_at is not null as contacted from leads where id = ${lead}`,
    );
    expect(facts).toEqual({ stage: 4, by: rep.id, won_by: rep.id, won: true, contacted: true });
    expect(await revenueOf(lead)).toEqual([{ currency: "usd", amount: 2900 }]);
  });
});
