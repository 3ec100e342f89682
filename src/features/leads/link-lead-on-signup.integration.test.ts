import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTestUser, fromClient, openVerificationLink } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { createLead, eventTypes, leadRow } from "../../../tests/helpers/leads";
import { signUpOperation } from "../../server/operations/credentials";

describe("closed loop: signing up with a lead's email", () => {
  it("an unverified sign-up with a prospect's email leaves the lead alone", async () => {
    const lead = await createLead({ email: "claimed.by.stranger@prospect.test" });
    const answer = await signUpOperation(fromClient(), {
      name: "Not Them",
      email: "claimed.by.stranger@prospect.test",
      password: "long-enough-password",
    });
    expect(answer.ok).toBe(true);
    expect(await leadRow(lead.id)).toMatchObject({ user_id: null, status: "new" });
    expect(await eventTypes(lead.id)).toEqual(["submitted"]);
  });

  it("verifying the address links the lead, moves it to converted and says so in the timeline (system)", async () => {
    const rep = await createTestUser({ isSales: true });
    const lead = await createLead({ email: "future.customer@prospect.test" });
    await systemRows(
      sql`update leads set claimed_by = ${rep.id}, status = 'qualified' where id = ${lead.id} returning id`,
    );
    await signUpOperation(fromClient(), {
      name: "Future Customer",
      email: "Future.Customer@prospect.test",
      password: "long-enough-password",
    });
    expect(await leadRow(lead.id)).toMatchObject({ user_id: null, status: "qualified" });
    const opened = await openVerificationLink("future.customer@prospect.test");
    expect(opened.status).toBeLessThan(400);
    const [user] = await systemRows<{ id: string }>(
      sql`select id from users where email = 'future.customer@prospect.test'`,
    );
    expect(await leadRow(lead.id)).toMatchObject({
      user_id: user!.id,
      status: "converted",
      claimed_by: rep.id,
    });
    expect(await eventTypes(lead.id)).toEqual(["submitted", "signed_up"]);
    const [event] = await systemRows<Record<string, unknown>>(
      sql`select actor_id, from_status, to_status from lead_events where lead_id = ${lead.id} and type = 'signed_up'`,
    );
    expect(event).toEqual({ actor_id: null, from_status: "qualified", to_status: "converted" });
    const [tally] = await systemRows<{ n: number }>(
      sql`select n from lead_counts where owner_id = ${rep.id} and status = 'converted'`,
    );
    expect(Number(tally!.n)).toBe(1);
    // Opening the link again changes nothing more.
    await openVerificationLink("future.customer@prospect.test");
    expect(await eventTypes(lead.id)).toEqual(["submitted", "signed_up"]);
  });

  it("links a closed lead without reopening it", async () => {
    const lead = await createLead({ email: "lost.one@prospect.test" });
    await systemRows(sql`update leads set status = 'closed_lost' where id = ${lead.id} returning id`);
    const user = await createTestUser({ email: "lost.one@prospect.test" });
    expect(await leadRow(lead.id)).toMatchObject({ user_id: user.id, status: "closed_lost" });
    expect(await eventTypes(lead.id)).toEqual(["submitted", "signed_up"]);
  });

  it("leaves leads of other addresses alone", async () => {
    const lead = await createLead({ email: "someone.else@prospect.test" });
    await createTestUser({ email: "not.them@prospect.test" });
    expect(await leadRow(lead.id)).toMatchObject({ user_id: null, status: "new" });
  });

  it("an account that is not verified does not win the lead by paying", async () => {
    const lead = await createLead({ email: "pays.unverified@prospect.test" });
    const user = await createTestUser({ email: "pays.unverified@prospect.test", emailVerified: false });
    const { onStartedPaying } = await import("../billing/started-paying");
    const { asSystem } = await import("../../db/rls");
    const { getDb } = await import("../../db/client");
    await asSystem(await getDb(), "test", (tx) => onStartedPaying(tx, user.id, new Date()));
    expect(await leadRow(lead.id)).toMatchObject({ user_id: null, status: "new" });
  });
});
