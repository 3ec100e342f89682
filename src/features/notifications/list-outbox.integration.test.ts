import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCast, createTestUser, fromClient } from "../../../tests/helpers/accounts";
import { getDb } from "../../db/client";
import { requestPasswordResetOperation } from "../../server/operations/credentials";
import { listOutbox, listOutboxSchema } from "./list-outbox";

let cast: Awaited<ReturnType<typeof createCast>>;
beforeAll(async () => {
  cast = await createCast();
});
afterEach(() => {
  delete process.env.FRONTDESK_DEMO;
});

async function resetMailTo(email: string) {
  const listed = await listOutbox(await getDb(), cast.admin.actor, listOutboxSchema.parse({}));
  if (!listed.ok) throw new Error(listed.message);
  return listed.rows.find((m) => m.toAddress === email && m.kind === "password_reset")!;
}

describe("the outbox an admin reads", () => {
  it("hides the reset link of another admin's mail outside demo mode: it would let the reader in", async () => {
    const otherAdmin = await createTestUser({ role: "admin" });
    await requestPasswordResetOperation(fromClient(), { email: otherAdmin.email });
    const mail = await resetMailTo(otherAdmin.email);
    expect(mail.textBody).toContain("/reset-password/");
    expect(mail.textBody).toContain("link hidden");
    expect(mail.textBody).not.toMatch(/reset-password\/[\w-]{17,}/);
    expect(mail.textBody).not.toContain("token=");
  });

  it("keeps links usable in demo mode, where the outbox is the newcomer's inbox", async () => {
    const member = await createTestUser();
    await requestPasswordResetOperation(fromClient(), { email: member.email });
    process.env.FRONTDESK_DEMO = "1";
    const mail = await resetMailTo(member.email);
    expect(mail.textBody).toMatch(/https?:\/\/\S+\/reset-password\/[\w-]{17,}/);
    expect(mail.textBody).not.toContain("link hidden");
  });
});
