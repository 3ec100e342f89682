import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { asSystem } from "@/db/rls";
import { profiles, sessions } from "@/db/schema";
import { loadActor } from "@/features/accounts/load-actor";
import { createTestUser, daysFromNow, uniqueEmail } from "../../tests/helpers/accounts";
import { getAuth } from "./auth";
import { getActor } from "./session";

const sessionCookie = (headers: Headers) => {
  const cookie = headers.get("cookie")!;
  const [name, value] = cookie.split(";")[0]!.split("=") as [string, string];
  return { name, value: decodeURIComponent(value) };
};

const tokenOf = (headers: Headers) => sessionCookie(headers).value.split(".")[0]!;

const setExpiry = async (headers: Headers, expiresAt: Date) => {
  const db = await getDb();
  await asSystem(db, "test: session expiry", (tx) =>
    tx
      .update(sessions)
      .set({ expiresAt })
      .where(eq(sessions.token, tokenOf(headers))),
  );
};

const storedExpiry = async (headers: Headers) => {
  const db = await getDb();
  const [row] = await asSystem(db, "test: read session", (tx) =>
    tx
      .select({ expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(eq(sessions.token, tokenOf(headers))),
  );
  return row?.expiresAt ?? null;
};

describe("resolving a session cookie to the actor", () => {
  it("answers the actor exactly as the database holds it", async () => {
    const rep = await createTestUser({
      isSales: true,
      membershipStatus: "past_due",
      graceEndsAt: daysFromNow(3),
    });
    const actor = await getActor(rep.headers);
    expect(actor).toEqual(await loadActor(await getDb(), rep.id));
    expect(actor).toMatchObject({
      id: rep.id,
      email: rep.email,
      isSales: true,
      membershipStatus: "past_due",
    });
  });

  it("ignores a cookie whose signature does not match, or that has none", async () => {
    const user = await createTestUser();
    const { name, value } = sessionCookie(user.headers);
    const token = value.split(".")[0]!;
    const other = await createTestUser();
    const otherSignature = sessionCookie(other.headers).value.split(".")[1]!;
    for (const forged of [
      token,
      `${token}.`,
      `${token}.${otherSignature}`,
      `${token}x.${value.split(".")[1]}`,
    ]) {
      expect(await getActor(new Headers({ cookie: `${name}=${encodeURIComponent(forged)}` }))).toBeNull();
    }
    expect(await getActor(new Headers({ cookie: `${name}=%E0%A4%A` }))).toBeNull();
    expect(await getActor(new Headers())).toBeNull();
  });

  it("answers no one for an expired or deleted session, or a deactivated account", async () => {
    const expired = await createTestUser();
    await setExpiry(expired.headers, new Date(Date.now() - 1000));
    expect(await getActor(expired.headers)).toBeNull();

    const signedOut = await createTestUser();
    const db = await getDb();
    await asSystem(db, "test: sign out", (tx) =>
      tx.delete(sessions).where(eq(sessions.token, tokenOf(signedOut.headers))),
    );
    expect(await getActor(signedOut.headers)).toBeNull();

    const deactivated = await createTestUser();
    await asSystem(db, "test: deactivate", (tx) =>
      tx.update(profiles).set({ deactivatedAt: new Date() }).where(eq(profiles.id, deactivated.id)),
    );
    expect(await getActor(deactivated.headers)).toBeNull();
  });

  it("renews a session once a day of its 30 have passed, and only then", async () => {
    const user = await createTestUser();
    const fresh = daysFromNow(29.5);
    await setExpiry(user.headers, fresh);
    expect((await getActor(user.headers))?.id).toBe(user.id);
    expect((await storedExpiry(user.headers))?.getTime()).toBe(fresh.getTime());

    await setExpiry(user.headers, daysFromNow(28.5));
    expect((await getActor(user.headers))?.id).toBe(user.id);
    const renewed = (await storedExpiry(user.headers))!.getTime();
    expect(Math.abs(renewed - daysFromNow(30).getTime())).toBeLessThan(60_000);
  });
});

/** Signs up, then signs in through Better Auth's HTTP handler as a browser would; its Set-Cookie as sent. */
async function signInThroughBetterAuth() {
  const auth = await getAuth();
  const email = uniqueEmail("cookie");
  const password = "a-long-enough-password";
  await auth.api.signUpEmail({ body: { name: "Cookie Tester", email, password } });
  const response = await auth.handler(
    new Request("http://localhost:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: "http://localhost:3000",
        "x-frontdesk-client-ip": `203.0.113.${crypto.randomInt(1, 255)}`,
      },
      body: JSON.stringify({ email, password }),
    }),
  );
  expect(response.status).toBe(200);
  const { user } = (await response.json()) as { user: { id: string } };
  const setCookie = response.headers.getSetCookie().find((c) => c.includes("session_token="))!;
  const [name, value] = setCookie.split(";")[0]!.split("=") as [string, string];
  return { auth, userId: user.id, name, value };
}

describe("the session cookie as Better Auth itself sets it", () => {
  it("is accepted, and reads as Better Auth's own getSession reads it", async () => {
    const { auth, userId, name, value } = await signInThroughBetterAuth();
    const context = await auth.$context;
    const headers = new Headers({ cookie: `${name}=${value}` });
    expect(name).toBe(context.authCookies.sessionToken.name);
    expect((await getActor(headers))?.id).toBe(userId);
    expect((await auth.api.getSession({ headers }))?.user.id).toBe(userId);
    // What getActor relies on beyond the signature, which Better Auth's getSignedCookie checks: the signed
    // value is the token of the session row. A new cookie format (say, a JWT) breaks this and the above.
    const token = decodeURIComponent(value).split(".")[0]!;
    const db = await getDb();
    const [row] = await asSystem(db, "test: read session", (tx) =>
      tx.select({ userId: sessions.userId }).from(sessions).where(eq(sessions.token, token)),
    );
    expect(row?.userId).toBe(userId);
  });

  it("is refused once tampered with, exactly when Better Auth refuses it", async () => {
    const { auth, name, value } = await signInThroughBetterAuth();
    // The genuine cookie first, so its confirmed signature is remembered: that must not carry over.
    expect(await getActor(new Headers({ cookie: `${name}=${value}` }))).not.toBeNull();
    const other = await signInThroughBetterAuth();
    const [token, signature] = decodeURIComponent(value).split(".") as [string, string];
    const otherSignature = decodeURIComponent(other.value).split(".")[1]!;
    const wrongSecret = crypto.createHmac("sha256", "not-the-secret").update(token).digest("base64");
    const flipped = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    for (const forged of [
      token,
      `${token}.`,
      `${token}.${otherSignature}`,
      `${token}.${wrongSecret}`,
      `${token}.${flipped}`,
      `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}.${signature}`,
    ]) {
      const headers = new Headers({ cookie: `${name}=${encodeURIComponent(forged)}` });
      expect(await getActor(headers)).toBeNull();
      expect(await auth.api.getSession({ headers })).toBeNull();
    }
  });

  it("stops working at once when its session ends or its account is deactivated, though seen before", async () => {
    const db = await getDb();
    for (const end of ["sign out", "deactivate"] as const) {
      const { auth, userId, name, value } = await signInThroughBetterAuth();
      const headers = new Headers({ cookie: `${name}=${value}` });
      expect((await getActor(headers))?.id).toBe(userId);
      if (end === "sign out") await auth.api.signOut({ headers });
      else
        await asSystem(db, "test: deactivate", (tx) =>
          tx.update(profiles).set({ deactivatedAt: new Date() }).where(eq(profiles.id, userId)),
        );
      expect(await getActor(headers)).toBeNull();
    }
  });
});
