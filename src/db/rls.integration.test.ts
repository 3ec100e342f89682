import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createCast, createTestUser, type TestUser } from "../../tests/helpers/accounts";
import { createLead } from "../../tests/helpers/leads";
import { asRole, OWNER_ROLE } from "../../tests/setup/postgres-roles";
import { testDriver } from "../../tests/setup/test-database";
import { getDb } from "./client";
import { openPostgres } from "./open";
import { queryRows } from "./query";
import { asSystem, readAsActor, withActor } from "./rls";
import { auditLog, mailOutbox, profiles, sessions, users } from "./schema";
import type { Database, DatabaseHandle, Tx } from "./types";

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

describe("request code cannot raise its own rights", () => {
  it("setting the admin or sales flag by hand inside a request shows a member nothing more", async () => {
    await createLead();
    const seen = await withActor(db, cast.member, async (tx) => {
      await tx.execute(
        sql`select set_config('app.is_admin', 'on', true), set_config('app.is_sales', 'on', true)`,
      );
      return {
        profiles: await tx.select({ id: profiles.id }).from(profiles),
        leads: await queryRows(tx, sql`select id from leads`),
      };
    });
    expect(seen.profiles.map((r) => r.id)).toEqual([cast.member.id]);
    expect(seen.leads).toEqual([]);
  });

  it("a forged admin flag does not let a member make themselves admin", async () => {
    const own = eq(profiles.id, cast.member.id);
    const changed = await withActor(db, cast.member, async (tx) => {
      await tx.execute(sql`select set_config('app.is_admin', 'on', true)`);
      return tx.update(profiles).set({ role: "admin" }).where(own).returning({ id: profiles.id });
    });
    expect(changed).toEqual([]);
    const [after] = await asSystem(db, "test", (tx) =>
      tx.select({ role: profiles.role }).from(profiles).where(own),
    );
    expect(after?.role).toBe("member");
  });

  it("setting another user id by hand does not impersonate them", async () => {
    const seen = await withActor(db, cast.member, async (tx) => {
      await tx.execute(sql`select set_config('app.user_id', ${cast.admin.id}, true)`);
      return tx.select({ id: profiles.id }).from(profiles);
    });
    expect(seen.map((r) => r.id)).toEqual([cast.member.id]);
  });

  it("the actor of a transaction is set once: calling begin_actor again is refused", async () => {
    await expect(
      withActor(db, cast.member, (tx) => tx.execute(sql`select app.begin_actor(${cast.admin.id})`)),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/already set/) } });
  });
});

describe("a read of one statement as the actor (readAsActor)", () => {
  const staffView = sql`select p.id, p.role, p.is_sales, u.name, u.created_at,
    (select count(*) from users) as users_seen, current_user as acting_as
    from profiles p join users u on u.id = p.id order by p.id`;

  it("answers exactly what the same statement answers in withActor, for every kind of actor", async () => {
    for (const actor of [cast.member, cast.sales, cast.admin, null]) {
      const expected = await withActor(db, actor, (tx) => queryRows(tx, staffView));
      // Twice more: on the embedded database the later runs take the one-call path.
      for (let i = 0; i < 3; i++) expect(await readAsActor(db, actor, staffView)).toEqual(expected);
    }
  });

  it("rolls back a failing read and leaves neither role nor actor behind", async () => {
    for (let i = 0; i < 3; i++)
      await expect(readAsActor(db, cast.admin, sql`select 1 / ${0}::int as n`)).rejects.toMatchObject({
        message: expect.stringContaining("Failed query"),
        cause: expect.objectContaining({ code: "22012" }),
      });
    const [after] = await queryRows<{ acting_as: string; uid: string | null }>(
      db,
      sql`select current_user as acting_as, app.uid() as uid`,
    );
    expect(after?.uid).toBeNull();
    expect(after?.acting_as).not.toBe("app_user");
    expect(await readAsActor(db, cast.member, sql`select app.uid() as uid`)).toEqual([
      { uid: cast.member.id },
    ]);
  });
});

// A separate login role for request transactions (DATABASE_REQUEST_URL): a member of app_user only. It
// needs PostgreSQL (PGlite has one superuser connection), so it is registered only on that driver.
if (testDriver() === "postgres")
  describe("with a request login role, RESET ROLE gains nothing", () => {
    let requestDb: DatabaseHandle;
    let ownerDb: DatabaseHandle;
    beforeAll(async () => {
      const adminUrl = process.env.DATABASE_URL!;
      const [{ name } = { name: "" }] = await queryRows<{ name: string }>(
        db,
        sql`select current_database() as name`,
      );
      const role = `frontdesk_request_${crypto.randomBytes(4).toString("hex")}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'frontdesk' IN ROLE app_user`);
      await admin.end();
      requestDb = openPostgres(asRole(adminUrl, OWNER_ROLE, name), 2, asRole(adminUrl, role, name));
      ownerDb = openPostgres(asRole(adminUrl, OWNER_ROLE, name), 2);
    });
    afterAll(async () => {
      await requestDb?.close();
      await ownerDb?.close();
    });

    const escapeRole = async (tx: Tx) => {
      await tx.execute(sql`reset role`);
      await tx.execute(
        sql`select set_config('app.system', 'on', true), set_config('app.is_admin', 'on', true)`,
      );
    };

    it("a member who resets the role and claims the system path still reads only their own profile", async () => {
      const seen = await withActor(requestDb.db, cast.member, async (tx) => {
        await escapeRole(tx);
        return tx.select({ id: profiles.id }).from(profiles);
      });
      expect(seen.map((r) => r.id)).toEqual([cast.member.id]);
    });

    it("…and cannot promote themselves, read the audit log, or become someone else", async () => {
      const own = eq(profiles.id, cast.member.id);
      const promoted = await withActor(requestDb.db, cast.member, async (tx) => {
        await escapeRole(tx);
        return tx.update(profiles).set({ role: "admin" }).where(own).returning({ id: profiles.id });
      });
      expect(promoted).toEqual([]);
      await denied(
        withActor(requestDb.db, cast.member, async (tx) => {
          await escapeRole(tx);
          return tx.select().from(auditLog);
        }),
      );
      await denied(
        withActor(requestDb.db, cast.member, async (tx) => {
          await escapeRole(tx);
          return tx.execute(sql`select app.begin_actor(${cast.admin.id})`);
        }),
      );
    });

    // Next bundles the proxy, the pages and the start-up code apart: the copy of this module that opened the
    // database is not always the copy a page runs withActor from.
    it("…also for withActor from another copy of this module than the one that opened the database", async () => {
      vi.resetModules();
      const copy = await import("./rls");
      expect(copy.withActor).not.toBe(withActor);
      const seen = await copy.withActor(requestDb.db, cast.member, async (tx) => {
        await escapeRole(tx);
        return tx.select({ id: profiles.id }).from(profiles);
      });
      expect(seen.map((r) => r.id)).toEqual([cast.member.id]);
    });

    it("without it (request code on the owner's connection) RESET ROLE would reach the owner: documented in README", async () => {
      const seen = await withActor(ownerDb.db, cast.member, async (tx) => {
        await escapeRole(tx);
        return tx.select({ id: profiles.id }).from(profiles);
      });
      expect(seen.length).toBeGreaterThan(1);
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
