import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { asSystem } from "@/db/rls";
import { signUpOperation } from "@/server/operations/credentials";
import { fromClient, openVerificationLink, uniqueEmail, userIdOf } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { createLead } from "../../../tests/helpers/leads";
import { onStartedPaying } from "./started-paying";

describe("closed loop: a lead that signs up and pays is won by the system", () => {
  it("moves the converted lead to closed_won with a system timeline entry, once", async () => {
    const db = await getDb();
    const email = uniqueEmail("lead");
    await createLead({ name: "Lena Lead", email });
    const signedUp = await signUpOperation(fromClient(), {
      name: "Lena Lead",
      email,
      password: "a-fine-password",
    });
    if (!signedUp.ok) throw new Error(signedUp.message);
    await openVerificationLink(email);
    const userId = await userIdOf(email);
    const [converted] = await systemRows<{ status: string }>(
      sql`select status from leads where email = ${email}`,
    );
    expect(converted?.status).toBe("converted");

    const now = new Date();
    await asSystem(db, "test", (tx) => onStartedPaying(tx, userId, now));
    await asSystem(db, "test", (tx) => onStartedPaying(tx, userId, now));
    const [won] = await systemRows<{ status: string }>(sql`select status from leads where email = ${email}`);
    expect(won?.status).toBe("closed_won");
    const events = await systemRows<{
      type: string;
      actor_id: string | null;
      from_status: string;
      to_status: string;
    }>(
      sql`select e.type, e.actor_id, e.from_status, e.to_status from lead_events e join leads l on l.id = e.lead_id
          where l.email = ${email} and e.type = 'started_paying'`,
    );
    expect(events).toEqual([
      { type: "started_paying", actor_id: null, from_status: "converted", to_status: "closed_won" },
    ]);
  });
});
