import { count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { type Auth, getAuth } from "@/auth/auth";
import { getActor } from "@/auth/session";
import { getDb } from "@/db/client";
import { asSystem } from "@/db/rls";
import { profiles, users } from "@/db/schema";
import {
  createTestUser,
  fromClient,
  openVerificationLink,
  uniqueEmail,
} from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { changeEmailOperation, changePasswordOperation } from "../../server/operations/accounts";
import {
  requestPasswordResetOperation,
  resetPasswordOperation,
  signInOperation,
  signUpOperation,
} from "../../server/operations/credentials";

let auth: Auth;
beforeAll(async () => {
  auth = await getAuth();
});

const userCount = async () => {
  const db = await getDb();
  const [row] = await asSystem(db, "test", (tx) => tx.select({ n: count() }).from(users));
  return row!.n;
};

/** Signs in through Better Auth's HTTP handler, as a browser would, and returns the session cookie. */
async function signInOverHttp(
  email: string,
  password: string,
): Promise<{ status: number; cookie: string | null }> {
  const response = await auth.handler(
    new Request("http://localhost:3000/api/auth/sign-in/email", {
      method: "POST",
      // Each call from its own address, so the sign-in rate limit (tested below) never interferes.
      headers: {
        "content-type": "application/json",
        origin: "http://localhost:3000",
        "x-frontdesk-client-ip": `203.0.113.${Math.floor(Math.random() * 250) + 1}`,
      },
      body: JSON.stringify({ email, password }),
    }),
  );
  return { status: response.status, cookie: response.headers.get("set-cookie")?.split(";")[0] ?? null };
}

describe("sign-up", () => {
  it("creates the account with a 14-day trial", async () => {
    const email = uniqueEmail("new");
    const result = await signUpOperation(fromClient(), {
      name: "New Person",
      email,
      password: "correct-horse",
    });
    expect(result.ok).toBe(true);
    const db = await getDb();
    const [row] = await asSystem(db, "test", (tx) =>
      tx.select().from(profiles).innerJoin(users, eq(users.id, profiles.id)).where(eq(users.email, email)),
    );
    expect(row?.profiles.membershipStatus).toBe("trial");
    const days = (row!.profiles.trialEndsAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);
    expect(row?.profiles.role).toBe("member");
  });

  it.each([
    [{ name: "", email: "", password: "" }, ["name", "email", "password"]],
    [{ name: "Ann", email: "not-an-email", password: "long-enough-pw" }, ["email"]],
    [{ name: "Ann", email: uniqueEmail(), password: "short" }, ["password"]],
  ])("refuses bad input %j with a sentence per field and creates nothing", async (input, fields) => {
    const before = await userCount();
    const result = await signUpOperation(fromClient(), input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fields ?? {}).sort()).toEqual([...fields].sort());
    for (const message of Object.values(result.fields ?? {})) expect(message).toMatch(/^[A-Z].*\.$/);
    expect(await userCount()).toBe(before);
  });

  it("answers the same for an address that already has an account, and mails its owner instead", async () => {
    const email = uniqueEmail("dup");
    const first = await signUpOperation(fromClient(), { name: "First", email, password: "first-password" });
    const before = await userCount();
    const again = await signUpOperation(fromClient(), {
      name: "Second",
      email: email.toUpperCase(),
      password: "second-password",
    });
    expect(again).toEqual(first);
    expect(await userCount()).toBe(before);
    const mails = await systemRows<{ kind: string }>(
      sql`select kind from mail_outbox where to_address = ${email} order by created_at`,
    );
    expect(mails.map((m) => m.kind)).toEqual(["verify_email", "existing_account"]);
  });

  it("Better Auth's own sign-up endpoint answers an existing address exactly as a new one", async () => {
    const email = uniqueEmail("enum");
    const signUpOverHttp = async (name: string) => {
      const response = await auth.handler(
        new Request("http://localhost:3000/api/auth/sign-up/email", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: "http://localhost:3000",
            "x-frontdesk-client-ip": `203.0.113.${Math.floor(Math.random() * 250) + 1}`,
          },
          body: JSON.stringify({ name, email, password: "a-fine-password" }),
        }),
      );
      const body = (await response.json()) as { token: unknown; user: Record<string, unknown> };
      return { status: response.status, token: body.token, keys: Object.keys(body.user ?? {}).sort() };
    };
    const created = await signUpOverHttp("First");
    const existing = await signUpOverHttp("Second");
    expect(created).toMatchObject({ status: 200, token: null });
    expect(existing).toEqual(created);
  });

  it("does not sign the new account in: the mailed link verifies the address and does", async () => {
    const email = uniqueEmail("verify");
    await signUpOperation(fromClient(), { name: "Vera", email, password: "a-fine-password" });
    const opened = await openVerificationLink(email);
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe("/dashboard");
    const cookie = opened.headers.get("set-cookie")?.split(";")[0];
    expect(cookie).toMatch(/session_token=/);
    expect(await getActor(new Headers({ cookie: cookie! }))).toMatchObject({ email });
    const [row] = await systemRows<{ email_verified: boolean }>(
      sql`select email_verified from users where email = ${email}`,
    );
    expect(row?.email_verified).toBe(true);
  });
});

describe("where sign-in lands", () => {
  const password = "a-fine-password";
  const account = async (options: Parameters<typeof createTestUser>[0]) => {
    const user = await createTestUser(options);
    await asSystem(await getDb(), "test: password", async (tx) => {
      const hashed = await (await auth.$context).password.hash(password);
      await tx.execute(sql`update accounts set password = ${hashed} where user_id = ${user.id}`);
      await tx.execute(sql`insert into accounts (id, account_id, provider_id, user_id, password, created_at, updated_at)
        select gen_random_uuid()::text, ${user.id}, 'credential', ${user.id}, ${hashed}, now(), now()
        where not exists (select 1 from accounts where user_id = ${user.id})`);
    });
    return user;
  };

  it("sends a member whose trial ended to /upgrade, so the address bar shows the page they see", async () => {
    const lapsed = await account({
      membershipStatus: "trial",
      trialEndsAt: new Date(Date.now() - 86_400_000),
    });
    expect(
      await signInOperation(fromClient(), { email: lapsed.email, password, next: "/dashboard" }),
    ).toMatchObject({ ok: true, destination: "/upgrade" });
    // Pages that never send anyone to /upgrade keep the asked-for destination.
    expect(
      await signInOperation(fromClient(), { email: lapsed.email, password, next: "/settings/billing?x=1" }),
    ).toMatchObject({ ok: true, destination: "/settings/billing?x=1" });
  });

  it("sends everyone with access where they asked to go", async () => {
    const trial = await account({});
    expect(await signInOperation(fromClient(), { email: trial.email, password })).toMatchObject({
      ok: true,
      destination: "/dashboard",
    });
    expect(
      await signInOperation(fromClient(), { email: trial.email, password, next: "/admin/users" }),
    ).toMatchObject({ ok: true, destination: "/dashboard" });
  });

  it("follows the gate to the end: a lapsed member asking for the Admin Console lands on /upgrade", async () => {
    const lapsed = await account({ membershipStatus: "inactive" });
    expect(
      await signInOperation(fromClient(), { email: lapsed.email, password, next: "/admin/users" }),
    ).toMatchObject({ ok: true, destination: "/upgrade" });
  });
});

describe("sign-in", () => {
  const email = uniqueEmail("signin");
  beforeAll(async () => {
    await signUpOperation(fromClient(), { name: "Sign In", email, password: "right-password" });
  });

  it("signs in with the right password and the session resolves to the account", async () => {
    const { status, cookie } = await signInOverHttp(email, "right-password");
    expect(status).toBe(200);
    const actor = await getActor(new Headers({ cookie: cookie! }));
    expect(actor?.email).toBe(email);
  });

  it("refuses a wrong password beside the password field, without saying which part was wrong", async () => {
    const result = await signInOperation(fromClient(), { email, password: "wrong-password" });
    expect(result).toMatchObject({
      ok: false,
      fields: { password: "That email and password do not match an account." },
    });
    const unknown = await signInOperation(fromClient(), {
      email: uniqueEmail("nobody"),
      password: "whatever-pw",
    });
    expect(unknown).toMatchObject({
      ok: false,
      fields: { password: "That email and password do not match an account." },
    });
  });

  it("refuses empty and malformed input with field errors", async () => {
    expect(await signInOperation(fromClient(), { email: "", password: "" })).toMatchObject({
      ok: false,
      fields: { email: "Enter your email address.", password: "Enter your password." },
    });
    expect(await signInOperation(fromClient(), { email: "nope", password: "x" })).toMatchObject({
      ok: false,
      fields: { email: expect.stringContaining("valid email") },
    });
  });

  it("refuses a deactivated account's session", async () => {
    const other = uniqueEmail("deactivated");
    await signUpOperation(fromClient(), { name: "Gone", email: other, password: "right-password" });
    const { cookie } = await signInOverHttp(other, "right-password");
    const db = await getDb();
    await asSystem(db, "test", (tx) =>
      tx.execute(
        sql`update profiles set deactivated_at = now() where id = (select id from users where email = ${other})`,
      ),
    );
    expect(await getActor(new Headers({ cookie: cookie! }))).toBeNull();
  });
});

describe("password reset by emailed link", () => {
  it("mails a link whose token sets a new password and signs out old sessions", async () => {
    const email = uniqueEmail("reset");
    await signUpOperation(fromClient(), { name: "Forgetful", email, password: "old-password" });
    const { cookie: oldSession } = await signInOverHttp(email, "old-password");

    expect(await requestPasswordResetOperation(fromClient(), { email })).toEqual({ ok: true });
    const [mail] = await systemRows<{ text_body: string; subject: string }>(
      sql`select text_body, subject from mail_outbox where to_address = ${email} and kind = 'password_reset'`,
    );
    expect(mail?.subject).toBe("Reset your Frontdesk password");
    const link = mail!.text_body.match(/https?:\/\/\S+/)![0];
    // The mailed link goes through Better Auth's callback, which redirects to our page with the token.
    const callback = await auth.handler(new Request(link));
    const token = new URL(callback.headers.get("location")!, "http://localhost:3000").searchParams.get(
      "token",
    );
    expect(token).toBeTruthy();

    expect(await resetPasswordOperation(fromClient(), { token, password: "short" })).toMatchObject({
      ok: false,
      fields: { password: expect.any(String) },
    });
    expect(await resetPasswordOperation(fromClient(), { token, password: "brand-new-password" })).toEqual({
      ok: true,
    });
    expect((await signInOverHttp(email, "old-password")).status).toBe(401);
    expect((await signInOverHttp(email, "brand-new-password")).status).toBe(200);
    expect(await getActor(new Headers({ cookie: oldSession! }))).toBeNull();
    // A used token cannot be used again.
    expect(await resetPasswordOperation(fromClient(), { token, password: "another-password" })).toMatchObject(
      {
        ok: false,
      },
    );
  });

  it("answers the same for an unknown address and mails nothing", async () => {
    const email = uniqueEmail("unknown");
    expect(await requestPasswordResetOperation(fromClient(), { email })).toEqual({ ok: true });
    expect(await systemRows(sql`select 1 from mail_outbox where to_address = ${email}`)).toEqual([]);
  });
});

describe("sign-in rate limit", () => {
  it("refuses the eleventh attempt in a minute from one address with 429, and counts per address", async () => {
    const attempt = (ip: string) =>
      auth.handler(
        new Request("http://localhost:3000/api/auth/sign-in/email", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: "http://localhost:3000",
            "x-frontdesk-client-ip": ip,
          },
          body: JSON.stringify({ email: uniqueEmail("guess"), password: "wrong-password" }),
        }),
      );
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt("198.51.100.7")).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect((await attempt("198.51.100.8")).status).toBe(401);
  });
});

describe("account settings", () => {
  it("changes the password after checking the current one, and the new one signs in", async () => {
    const email = uniqueEmail("pw");
    await signUpOperation(fromClient(), { name: "Pat Word", email, password: "first-password" });
    const { cookie } = await signInOverHttp(email, "first-password");
    const headers = new Headers({ cookie: cookie! });
    expect(
      await changePasswordOperation(headers, {
        currentPassword: "not-it-at-all",
        newPassword: "second-password",
      }),
    ).toMatchObject({ ok: false, fields: { currentPassword: "Your current password is not correct." } });
    expect(
      await changePasswordOperation(headers, { currentPassword: "first-password", newPassword: "short" }),
    ).toMatchObject({
      ok: false,
      fields: { newPassword: expect.any(String) },
    });
    expect(
      await changePasswordOperation(headers, {
        currentPassword: "first-password",
        newPassword: "second-password",
      }),
    ).toMatchObject({ ok: true });
    expect((await signInOverHttp(email, "first-password")).status).toBe(401);
    expect((await signInOverHttp(email, "second-password")).status).toBe(200);
  });

  it("changes the sign-in email only once the new address confirms; a malformed or taken one changes nothing", async () => {
    const email = uniqueEmail("old");
    const taken = uniqueEmail("taken");
    await signUpOperation(fromClient(), { name: "Em Ail", email, password: "some-password" });
    await signUpOperation(fromClient(), { name: "Other", email: taken, password: "some-password" });
    const { cookie } = await signInOverHttp(email, "some-password");
    const headers = new Headers({ cookie: cookie! });
    expect(await changeEmailOperation(headers, { email: "nope" })).toMatchObject({
      ok: false,
      fields: { email: expect.stringContaining("valid email") },
    });
    // An address that belongs to another account gets the same answer (no account enumeration), but no
    // link is mailed and nothing changes.
    const mailsToTaken = () =>
      systemRows(sql`select 1 from mail_outbox where to_address = ${taken} and kind = 'verify_email'`);
    const beforeChange = (await mailsToTaken()).length;
    expect(await changeEmailOperation(headers, { email: taken })).toMatchObject({ ok: true });
    expect(await mailsToTaken()).toHaveLength(beforeChange);
    const fresh = uniqueEmail("new");
    expect(await changeEmailOperation(headers, { email: fresh })).toMatchObject({ ok: true });
    // Nothing changes until the new address confirms.
    expect((await signInOverHttp(fresh, "some-password")).status).toBe(401);
    const [mail] = await systemRows<{ text_body: string }>(
      sql`select text_body from mail_outbox where to_address = ${fresh} and kind = 'verify_email'`,
    );
    const link = mail!.text_body.match(/https?:\/\/\S+/)![0];
    await auth.handler(new Request(link, { headers: { cookie: cookie! } }));
    expect((await signInOverHttp(fresh, "some-password")).status).toBe(200);
    expect((await signInOverHttp(email, "some-password")).status).toBe(401);
  });
});
