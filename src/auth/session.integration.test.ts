import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { asSystem } from "@/db/rls";
import { profiles, sessions } from "@/db/schema";
import { loadActor } from "@/features/accounts/load-actor";
import { createTestUser, daysFromNow } from "../../tests/helpers/accounts";
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
