import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { asSystem } from "@/db/rls";
import { listAuditEntries, listAuditSchema } from "@/features/audit/list-audit-entries";
import { listOutbox, listOutboxSchema } from "@/features/notifications/list-outbox";
import { createCast, createTestUser, fromClient, userIdOf } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import {
  changeEmailOperation,
  changePasswordOperation,
  sendPasswordResetOperation,
  setAdminRoleOperation,
  setSalesAccessOperation,
  setUserActiveOperation,
  updateNameOperation,
} from "../../server/operations/accounts";
import { signInOperation, signUpOperation } from "../../server/operations/credentials";
import { getAdminOverview } from "./get-admin-overview";
import { listUsers, listUsersSchema } from "./list-users";

let cast: Awaited<ReturnType<typeof createCast>>;
beforeAll(async () => {
  cast = await createCast();
});

const profileOf = async (id: string) =>
  (
    await systemRows<{ role: string; is_sales: boolean }>(
      sql`select role, is_sales from profiles where id = ${id}`,
    )
  )[0];

describe("admin-only operations refuse everyone else", () => {
  const operations = [
    ["set admin role", (h: Headers, id: string) => setAdminRoleOperation(h, { userId: id, admin: true })],
    [
      "set sales access",
      (h: Headers, id: string) => setSalesAccessOperation(h, { userId: id, isSales: true }),
    ],
    ["deactivate", (h: Headers, id: string) => setUserActiveOperation(h, { userId: id, active: false })],
    ["send password reset", (h: Headers, id: string) => sendPasswordResetOperation(h, { userId: id })],
  ] as const;

  it.each(operations)(
    "%s: 401 signed out, 403 for members and sales reps, and nothing changes",
    async (_name, run) => {
      const target = await createTestUser();
      expect(await run(cast.visitor, target.id)).toMatchObject({ ok: false, code: "unauthenticated" });
      expect(await run(cast.member.headers, target.id)).toMatchObject({ ok: false, code: "forbidden" });
      expect(await run(cast.sales.headers, target.id)).toMatchObject({ ok: false, code: "forbidden" });
      expect(await profileOf(target.id)).toEqual({ role: "member", is_sales: false });
      expect(
        await systemRows(sql`select 1 from profiles where id = ${target.id} and deactivated_at is not null`),
      ).toEqual([]);
      expect(await systemRows(sql`select 1 from mail_outbox where to_address = ${target.email}`)).toEqual([]);
    },
  );

  it("read-side admin functions refuse members and sales reps", async () => {
    const db = await getDb();
    for (const who of [cast.member.actor, cast.sales.actor]) {
      expect(await listUsers(db, who, listUsersSchema.parse({}))).toMatchObject({
        ok: false,
        code: "forbidden",
      });
      expect(await getAdminOverview(db, who)).toMatchObject({ ok: false, code: "forbidden" });
      expect(await listAuditEntries(db, who, listAuditSchema.parse({}))).toMatchObject({
        ok: false,
        code: "forbidden",
      });
      expect(await listOutbox(db, who, listOutboxSchema.parse({}))).toMatchObject({
        ok: false,
        code: "forbidden",
      });
    }
  });
});

describe("an admin managing roles", () => {
  it("turns Sales on and off, and each change is audited", async () => {
    const target = await createTestUser();
    expect(
      await setSalesAccessOperation(cast.admin.headers, { userId: target.id, isSales: true }),
    ).toMatchObject({
      ok: true,
      isSales: true,
    });
    expect(await profileOf(target.id)).toEqual({ role: "member", is_sales: true });
    await setSalesAccessOperation(cast.admin.headers, { userId: target.id, isSales: false });
    expect(await profileOf(target.id)).toEqual({ role: "member", is_sales: false });
    const audit = await systemRows<{ action: string; actor_id: string }>(
      sql`select action, actor_id from audit_log where subject_id = ${target.id} order by created_at`,
    );
    expect(audit).toEqual([
      { action: "sales.granted", actor_id: cast.admin.id },
      { action: "sales.revoked", actor_id: cast.admin.id },
    ]);
  });

  it("makes another person admin and back", async () => {
    const target = await createTestUser();
    expect(await setAdminRoleOperation(cast.admin.headers, { userId: target.id, admin: true })).toMatchObject(
      { ok: true },
    );
    expect((await profileOf(target.id))?.role).toBe("admin");
    expect(
      await setAdminRoleOperation(cast.admin.headers, { userId: target.id, admin: false }),
    ).toMatchObject({ ok: true });
    expect((await profileOf(target.id))?.role).toBe("member");
  });

  it("cannot remove their own admin role", async () => {
    const result = await setAdminRoleOperation(cast.admin.headers, { userId: cast.admin.id, admin: false });
    expect(result).toMatchObject({
      ok: false,
      code: "conflict",
      message: expect.stringContaining("your own admin role"),
    });
    expect((await profileOf(cast.admin.id))?.role).toBe("admin");
  });

  it("never leaves the system without an admin when two admins demote each other at once", async () => {
    const db = await getDb();
    const a = await createTestUser({ role: "admin" });
    const b = await createTestUser({ role: "admin" });
    // Only these two stay admins, so the pair of demotions would otherwise leave none.
    await asSystem(db, "test", (tx) =>
      tx.execute(
        sql`update profiles set role = 'member' where role = 'admin' and id not in (${a.id}, ${b.id})`,
      ),
    );
    const results = await Promise.all([
      setAdminRoleOperation(a.headers, { userId: b.id, admin: false }),
      setAdminRoleOperation(b.headers, { userId: a.id, admin: false }),
    ]);
    const admins = await systemRows<{ id: string }>(sql`select id from profiles where role = 'admin'`);
    expect(admins).toHaveLength(1);
    // The loser is refused either as the last admin or, having lost its own role first, as a non-admin.
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({
      ok: false,
      code: expect.stringMatching(/conflict|forbidden/),
    });
    await asSystem(db, "test", (tx) =>
      tx.execute(sql`update profiles set role = 'admin' where id = ${cast.admin.id}`),
    );
  });

  it("refuses bad input with field errors", async () => {
    expect(await setSalesAccessOperation(cast.admin.headers, { userId: "", isSales: "yes" })).toMatchObject({
      ok: false,
      code: "invalid",
      fields: { userId: expect.any(String), isSales: expect.any(String) },
    });
    expect(
      await setSalesAccessOperation(cast.admin.headers, { userId: "no-such-user", isSales: true }),
    ).toMatchObject({
      ok: false,
      code: "not_found",
    });
  });

  it("sees the overview: people, memberships, leads by status and webhook failures", async () => {
    const db = await getDb();
    const result = await getAdminOverview(db, cast.admin.actor);
    if (!result.ok) throw new Error(result.message);
    const [counted] = await systemRows<{ n: number }>(sql`select count(*)::int as n from profiles`);
    expect(result.overview.users).toBe(counted!.n);
    expect(result.overview.admins).toBeGreaterThanOrEqual(1);
    expect(result.overview.recentWebhookFailures).toBe(0);
    expect(result.overview.leadsByStatus).toEqual({});
  });

  it("lists and searches users with paging, and shows the audit log", async () => {
    const db = await getDb();
    const named = await createTestUser({ name: "Zebulon Searchable" });
    const found = await listUsers(db, cast.admin.actor, listUsersSchema.parse({ q: "zebulon" }));
    expect(found).toMatchObject({ ok: true, total: 1, rows: [{ id: named.id, name: "Zebulon Searchable" }] });
    const page2 = await listUsers(db, cast.admin.actor, listUsersSchema.parse({ page: 2 }));
    expect(page2.ok && page2.page).toBe(2);
    const audit = await listAuditEntries(db, cast.admin.actor, listAuditSchema.parse({ q: "sales." }));
    expect(audit.ok && audit.rows.length).toBeGreaterThan(0);
    expect(audit.ok && audit.rows[0]?.actorName).toBe(cast.admin.name);
  });
});

describe("signed-in account operations", () => {
  it("refuse signed-out callers", async () => {
    expect(await updateNameOperation(cast.visitor, { name: "X" })).toMatchObject({ code: "unauthenticated" });
    expect(await changeEmailOperation(cast.visitor, { email: "x@example.test" })).toMatchObject({
      code: "unauthenticated",
    });
    expect(
      await changePasswordOperation(cast.visitor, { currentPassword: "a", newPassword: "long-enough" }),
    ).toMatchObject({ code: "unauthenticated" });
  });

  it("let a member rename themself, with a clear error for an empty name", async () => {
    const member = await createTestUser();
    expect(await updateNameOperation(member.headers, { name: "  " })).toMatchObject({
      ok: false,
      fields: { name: "Enter your name." },
    });
    expect(await updateNameOperation(member.headers, { name: "Renamed Person" })).toMatchObject({ ok: true });
    const [row] = await systemRows<{ name: string }>(sql`select name from users where id = ${member.id}`);
    expect(row?.name).toBe("Renamed Person");
  });
});

describe("an admin sees whether each email is verified", () => {
  it("lists verified and unverified accounts as such", async () => {
    const db = await getDb();
    const unverified = await createTestUser({ emailVerified: false });
    const verified = await createTestUser();
    for (const [user, expected] of [
      [unverified, false],
      [verified, true],
    ] as const) {
      const found = await listUsers(db, cast.admin.actor, listUsersSchema.parse({ q: user.email }));
      expect(found).toMatchObject({ ok: true, rows: [{ id: user.id, emailVerified: expected }] });
    }
  });
});

describe("an admin managing accounts", () => {
  it("deactivates an account: its sessions end and sign-in is refused, until reactivated", async () => {
    const { getAuth } = await import("@/auth/auth");
    const { getActor } = await import("@/auth/session");
    const auth = await getAuth();
    const email = `deact-${Date.now()}@example.test`;
    const created = await signUpOperation(fromClient(), {
      name: "Dee Activated",
      email,
      password: "a-fine-password",
    });
    if (!created.ok) throw new Error(created.message);
    const userId = await userIdOf(email);
    const login = await auth.api.signInEmail({
      body: { email, password: "a-fine-password" },
      asResponse: true,
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    expect(await getActor(new Headers({ cookie }))).not.toBeNull();

    expect(await setUserActiveOperation(cast.admin.headers, { userId: userId, active: false })).toMatchObject(
      {
        ok: true,
        active: false,
      },
    );
    expect(await getActor(new Headers({ cookie }))).toBeNull();
    expect(await signInOperation(fromClient(), { email, password: "a-fine-password" })).toMatchObject({
      ok: false,
      message: "This account has been deactivated. Contact your administrator.",
    });

    await setUserActiveOperation(cast.admin.headers, { userId: userId, active: true });
    expect(await signInOperation(fromClient(), { email, password: "a-fine-password" })).toMatchObject({
      ok: true,
    });
    const audit = await systemRows<{ action: string }>(
      sql`select action from audit_log where subject_id = ${userId} order by created_at`,
    );
    expect(audit.map((a) => a.action)).toEqual(["account.deactivated", "account.reactivated"]);
  });

  it("cannot deactivate themself or another admin", async () => {
    expect(
      await setUserActiveOperation(cast.admin.headers, { userId: cast.admin.id, active: false }),
    ).toMatchObject({
      ok: false,
      code: "conflict",
    });
    const other = await createTestUser({ role: "admin" });
    expect(
      await setUserActiveOperation(cast.admin.headers, { userId: other.id, active: false }),
    ).toMatchObject({
      ok: false,
      code: "conflict",
    });
  });

  it("mails a password reset link on request", async () => {
    const target = await createTestUser();
    expect(await sendPasswordResetOperation(cast.admin.headers, { userId: target.id })).toMatchObject({
      ok: true,
    });
    const mails = await systemRows<{ kind: string }>(
      sql`select kind from mail_outbox where to_address = ${target.email}`,
    );
    expect(mails).toEqual([{ kind: "password_reset" }]);
  });
});
