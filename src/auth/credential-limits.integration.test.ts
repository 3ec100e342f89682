import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { fromClient, uniqueEmail } from "../../tests/helpers/accounts";
import { systemRows } from "../../tests/helpers/db";
import {
  requestPasswordResetOperation,
  signInOperation,
  signUpOperation,
} from "../server/operations/credentials";
import { getAuth } from "./auth";

const address = () => `198.51.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;

/** Better Auth's own HTTP endpoint, as a browser or a script reaches it. */
async function signInOverHttp(email: string, password: string, headers: Record<string, string>) {
  const auth = await getAuth();
  const response = await auth.handler(
    new Request("http://localhost:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000", ...headers },
      body: JSON.stringify({ email, password }),
    }),
  );
  return response.status;
}

describe("one limiter covers every way into an account, per client address", () => {
  it("the sign-in form: after 10 wrong passwords from one address, even the right one is refused", async () => {
    const email = uniqueEmail("guessed");
    const ip = address();
    expect(
      await signUpOperation(fromClient(), { name: "Guessed", email, password: "the-right-password" }),
    ).toMatchObject({ ok: true });
    for (let i = 0; i < 10; i++) {
      expect(await signInOperation(fromClient(ip), { email, password: `wrong-${i}` })).toMatchObject({
        ok: false,
        code: "invalid",
      });
    }
    expect(await signInOperation(fromClient(ip), { email, password: "the-right-password" })).toMatchObject({
      ok: false,
      code: "rate_limited",
    });
    // Another address is not held back by this one's attempts.
    expect(await signInOperation(fromClient(), { email, password: "the-right-password" })).toMatchObject({
      ok: true,
    });
  });

  it("the form and Better Auth's endpoint count together, and a new X-Forwarded-For does not reset it", async () => {
    const ip = address();
    const email = uniqueEmail("nobody");
    for (let i = 0; i < 5; i++) {
      expect(await signInOperation(fromClient(ip), { email, password: "wrong-password" })).toMatchObject({
        code: "invalid",
      });
    }
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        await signInOverHttp(email, "wrong-password", {
          "x-frontdesk-client-ip": ip,
          "x-forwarded-for": `192.0.2.${i + 1}`,
        }),
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("the sign-up form: five accounts per address in ten minutes, then a sentence and no account", async () => {
    const ip = address();
    const emails = Array.from({ length: 7 }, () => uniqueEmail("burst"));
    const answers = [];
    for (const email of emails) {
      answers.push(
        await signUpOperation(fromClient(ip), { name: "Burst", email, password: "a-fine-password" }),
      );
    }
    expect(answers.slice(0, 5).every((a) => a.ok)).toBe(true);
    expect(answers.slice(5)).toEqual([
      expect.objectContaining({ ok: false, code: "rate_limited" }),
      expect.objectContaining({ ok: false, code: "rate_limited" }),
    ]);
    const created = await systemRows<{ email: string }>(
      sql`select email from users where email in (${sql.join(
        emails.map((e) => sql`${e}`),
        sql`, `,
      )})`,
    );
    expect(created).toHaveLength(5);
  });

  it("forgot password: five reset mails per address in ten minutes", async () => {
    const ip = address();
    const email = uniqueEmail("forgetful");
    await signUpOperation(fromClient(), { name: "Forgetful", email, password: "a-fine-password" });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await requestPasswordResetOperation(fromClient(ip), { email }));
    expect(answers.filter((a) => a.ok)).toHaveLength(5);
    expect(answers.slice(5).every((a) => !a.ok && a.code === "rate_limited")).toBe(true);
    const mails = await systemRows(
      sql`select 1 from mail_outbox where to_address = ${email} and kind = 'password_reset'`,
    );
    expect(mails).toHaveLength(5);
  });
});
