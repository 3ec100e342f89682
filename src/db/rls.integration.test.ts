import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createCast, createTestUser, type TestUser } from "../../tests/helpers/accounts";
import { testDriver } from "../../tests/setup/test-database";
import { getDb } from "./client";
import { queryRows } from "./query";
import { asSystem, withActor } from "./rls";
import { auditLog, mailOutbox, profiles, sessions, users } from "./schema";
import type { Database } from "./types";

let db: Database;
let cast: Awaited<ReturnType<typeof createCast>>;
let other: TestUser;

beforeAll(async () => {
  db = await getDb();
  cast = await createCast();
  other = await createTestUser();
});

const denied = (promise: Promise<unknown>) => expect(promise).rejects.toThrow();
const profileIds = (actor: { id: string } | null) =>
  withActor(db, actor, (tx) => tx.select({ id: profiles.id }).from(profiles)).then((r) => r.map((p) => p.id));

describe("row-level security on profiles", () => {
  it("lets a member read only their own profile", async () => {
    expect(await profileIds(cast.member)).toEqual([cast.member.id]);
  });

  it("shows a signed-out request nothing", async () => {
    expect(await profileIds(null)).toEqual([]);
    expect(await withActor(db, null, (tx) => tx.select({ id: users.id }).from(users))).toEqual([]);
  });

  it("lets a sales rep see staff profiles but not members", async () => {
    const seen = await profileIds(cast.sales);
    expect(seen).toEqual(expect.arrayContaining([cast.sales.id, cast.admin.id]));
    expect(seen).not.toContain(cast.member.id);
    expect(seen).not.toContain(other.id);
  });

  it("lets an admin read every profile", async () => {
    expect(await profileIds(cast.admin)).toEqual(
      expect.arrayContaining([cast.member.id, other.id, cast.sales.id]),
    );
  });

  it("never lets a member change their own role, sales flag, exemption or membership", async () => {
    const own = eq(profiles.id, cast.member.id);
    const role = await withActor(db, cast.member, (tx) =>
      tx.update(profiles).set({ role: "admin" }).where(own).returning(),
    );
    expect(role).toEqual([]);
    const sales = await withActor(db, cast.member, (tx) =>
      tx.update(profiles).set({ isSales: true }).where(own).returning(),
    );
    expect(sales).toEqual([]);
    await denied(
      withActor(db, cast.member, (tx) => tx.update(profiles).set({ billingExempt: true }).where(own)),
    );
    await denied(
      withActor(db, cast.member, (tx) => tx.update(profiles).set({ membershipStatus: "active" }).where(own)),
    );
    await denied(
      withActor(db, cast.member, (tx) =>
        tx
          .update(profiles)
          .set({ trialEndsAt: new Date(2100, 0, 1) })
          .where(own),
      ),
    );
    const [after] = await asSystem(db, "test", (tx) => tx.select().from(profiles).where(own));
    expect(after).toMatchObject({
      role: "member",
      isSales: false,
      billingExempt: false,
      membershipStatus: "trial",
    });
  });

  it("lets an admin change another person's role and sales flag", async () => {
    const target = await createTestUser();
    const updated = await withActor(db, cast.admin, (tx) =>
      tx
        .update(profiles)
        .set({ isSales: true })
        .where(eq(profiles.id, target.id))
        .returning({ isSales: profiles.isSales }),
    );
    expect(updated).toEqual([{ isSales: true }]);
  });

  it("trusts the flags stored in the database, not a forged setting", async () => {
    // A member who sets the admin flag by hand still reads only their own row: begin_actor decides.
    const seen = await withActor(db, cast.member, async (tx) => {
      await tx.execute(sql`select set_config('app.is_admin', 'off', true)`);
      return tx.select({ id: profiles.id }).from(profiles);
    });
    expect(seen.map((r) => r.id)).toEqual([cast.member.id]);
  });
});

describe("system-only tables", () => {
  it("give request roles no access to the audit log, outbox or sessions, even for admins", async () => {
    await denied(withActor(db, cast.admin, (tx) => tx.select().from(auditLog)));
    await denied(withActor(db, cast.admin, (tx) => tx.select().from(mailOutbox)));
    await denied(withActor(db, cast.admin, (tx) => tx.select().from(sessions)));
    await denied(
      withActor(db, cast.member, (tx) =>
        tx.insert(auditLog).values({ action: "forged", subjectType: "user" }),
      ),
    );
  });

  it("fail closed for owner code that chose neither the actor nor the system path", async () => {
    const [who] = await queryRows<{ superuser: boolean }>(
      db,
      sql`select rolsuper as superuser from pg_roles where rolname = current_user`,
    );
    if (testDriver() === "postgres") {
      // Production-like: a non-superuser owner under FORCE ROW LEVEL SECURITY sees nothing by accident.
      expect(who?.superuser).toBe(false);
      expect(await db.select({ id: profiles.id }).from(profiles)).toEqual([]);
    } else {
      // PGlite always connects as a superuser, which Postgres exempts from RLS; the PostgreSQL run proves this.
      expect(who?.superuser).toBe(true);
    }
  });
});
