import { sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { asSystem } from "@/db/rls";
import { systemRows } from "../../../tests/helpers/db";
import { deliverOutbox } from "./deliver-outbox";
import { enqueueMail } from "./enqueue-mail";

// Real nodemailer transports: one to a loopback port nothing listens on (the SMTP server is down), one
// that renders the message (the SMTP server accepts it).
const downServer = nodemailer.createTransport({ host: "127.0.0.1", port: 1, connectionTimeout: 2000 });
const upServer = nodemailer.createTransport({ jsonTransport: true });

const row = async (to: string) =>
  (
    await systemRows<{ status: string; attempts: number; last_error: string | null; due_in: number }>(
      sql`select status, attempts, last_error, extract(epoch from next_attempt_at - now())::int as due_in
          from mail_outbox where to_address = ${to}`,
    )
  )[0]!;

const makeDue = async (to: string) =>
  asSystem(await getDb(), "test: due now", (tx) =>
    tx.execute(sql`update mail_outbox set next_attempt_at = now() where to_address = ${to}`),
  );

beforeAll(() => {
  process.env.SMTP_URL = "smtp://127.0.0.1:1";
});
afterAll(() => {
  delete process.env.SMTP_URL;
});

describe("outbox delivery over SMTP", () => {
  it("keeps a mail whose send failed, retries it later with backoff, and sends it once the server answers", async () => {
    const db = await getDb();
    const to = `retry-${Date.now()}@example.test`;
    await asSystem(db, "test: queue", (tx) =>
      enqueueMail(tx, { to, subject: "Hello", text: "Body", kind: "test" }),
    );
    expect((await row(to)).status).toBe("pending");

    const first = await deliverOutbox(db, downServer, 100);
    expect(first.failed).toBeGreaterThanOrEqual(1);
    const afterFailure = await row(to);
    expect(afterFailure).toMatchObject({
      status: "pending",
      attempts: 1,
      last_error: expect.stringMatching(/ECONNREFUSED/),
    });
    expect(afterFailure.due_in).toBeGreaterThan(20);

    // Not due yet: a run now leaves it alone.
    await deliverOutbox(db, upServer, 100);
    expect((await row(to)).status).toBe("pending");

    await makeDue(to);
    await deliverOutbox(db, upServer, 100);
    expect(await row(to)).toMatchObject({ status: "sent", attempts: 2, last_error: null });
  });

  it("sends each mail once when two workers run at the same time", async () => {
    const db = await getDb();
    const prefix = `pair-${Date.now()}`;
    await asSystem(db, "test: queue", (tx) =>
      enqueueMail(
        tx,
        Array.from({ length: 6 }, (_, i) => ({
          to: `${prefix}-${i}@example.test`,
          subject: "Hi",
          text: "Body",
          kind: "test",
        })),
      ),
    );
    const [a, b] = await Promise.all([deliverOutbox(db, upServer, 100), deliverOutbox(db, upServer, 100)]);
    const rows = await systemRows<{ status: string; attempts: number }>(
      sql`select status, attempts from mail_outbox where to_address like ${`${prefix}-%`}`,
    );
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === "sent" && Number(r.attempts) === 1)).toBe(true);
    expect(a.sent + b.sent).toBeGreaterThanOrEqual(6);
  });
});
