import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { claimLead } from "@/features/leads/claim-lead";
import { listLeads, listLeadsSchema } from "@/features/leads/list-leads";
import { createCast, createTestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { createLead, leadRow } from "../../../tests/helpers/leads";
import {
  type StripeHarness,
  startStripeHarness,
  subscribe,
  subscriptionsOf,
  untilFaultsTaken,
} from "../../../tests/helpers/stripe";
import { addMembers, createTestTeam, membersOf } from "../../../tests/helpers/teams";
import { deleteUserOperation } from "../../server/operations/accounts";
import { transferOwnership } from "../teams/transfer-ownership";

let h: StripeHarness;
let cast: Awaited<ReturnType<typeof createCast>>;
beforeAll(async () => {
  h = await startStripeHarness({ timeoutMs: 1500 });
  cast = await createCast();
});
afterAll(async () => {
  await h?.close();
});

const exists = async (id: string) =>
  (await systemRows(sql`select 1 from users where id = ${id}`)).length === 1;

describe("deleting an account", () => {
  it("is refused to visitors, members and sales reps, and to an admin deleting themself", async () => {
    const target = await createTestUser();
    const input = { userId: target.id, confirmEmail: target.email };
    expect(await deleteUserOperation(cast.visitor, input)).toMatchObject({ code: "unauthenticated" });
    expect(await deleteUserOperation(cast.member.headers, input)).toMatchObject({ code: "forbidden" });
    expect(await deleteUserOperation(cast.sales.headers, input)).toMatchObject({ code: "forbidden" });
    expect(
      await deleteUserOperation(cast.admin.headers, {
        userId: cast.admin.id,
        confirmEmail: cast.admin.email,
      }),
    ).toMatchObject({ code: "conflict" });
    expect(
      await deleteUserOperation(cast.admin.headers, {
        userId: target.id,
        confirmEmail: "wrong@example.test",
      }),
    ).toMatchObject({
      code: "invalid",
      fields: { confirmEmail: expect.any(String) },
    });
    expect(await exists(target.id)).toBe(true);
  });

  it("cancels the Stripe subscription first, returns owned leads to Open, and keeps the audit history", async () => {
    const rep = await createTestUser({ isSales: true });
    const lead = await createLead();
    const claimed = await claimLead(await getDb(), rep.actor, { leadId: lead.id, version: lead.version });
    expect(claimed.ok).toBe(true);
    const { customer } = await subscribe(h, rep.headers);

    const result = await deleteUserOperation(cast.admin.headers, { userId: rep.id, confirmEmail: rep.email });
    expect(result).toMatchObject({ ok: true, releasedLeads: 1 });
    expect(await exists(rep.id)).toBe(false);
    expect((await subscriptionsOf(h.stripe, customer)).map((s) => s.status)).toEqual(["canceled"]);
    expect((await leadRow(lead.id)).claimed_by).toBeNull();
    const audit = await systemRows<{ action: string; actor_id: string }>(
      sql`select action, actor_id from audit_log where subject_id = ${rep.id} and action = 'account.deleted'`,
    );
    expect(audit).toEqual([{ action: "account.deleted", actor_id: cast.admin.id }]);
  });

  it("changes nothing when Stripe refuses to cancel", async () => {
    const member = await createTestUser();
    const { customer } = await subscribe(h, member.headers);
    await h.control("fail-next", { status: 500, count: 5, path: "/v1/subscriptions" });
    const result = await deleteUserOperation(cast.admin.headers, {
      userId: member.id,
      confirmEmail: member.email,
    });
    await h.control("fail-next", {}, "DELETE");
    expect(result).toMatchObject({ ok: false, code: "unavailable" });
    expect(await exists(member.id)).toBe(true);
    expect((await subscriptionsOf(h.stripe, customer)).map((s) => s.status)).toEqual(["active"]);
  });

  it("holds up no other request while Stripe hangs on the cancellation, and then changes nothing", async () => {
    const member = await createTestUser();
    const { customer } = await subscribe(h, member.headers);
    const order: string[] = [];
    await h.control("fail-next", { mode: "hang", path: "/v1/subscriptions/", method: "DELETE" });
    const deleting = deleteUserOperation(cast.admin.headers, {
      userId: member.id,
      confirmEmail: member.email,
    }).finally(() => order.push("delete"));
    await untilFaultsTaken(h);
    const leads = await listLeads(await getDb(), cast.sales.actor, listLeadsSchema.parse({}));
    order.push("lead page");
    expect(leads.ok).toBe(true);
    expect(await deleting).toMatchObject({ ok: false, code: "unavailable" });
    expect(order).toEqual(["lead page", "delete"]);
    expect(await exists(member.id)).toBe(true);
    expect((await subscriptionsOf(h.stripe, customer)).map((s) => s.status)).toEqual(["active"]);
  });
});

describe("deleting an account that owns a team", () => {
  it("is refused with what to do first, before Stripe is touched, and nothing changes", async () => {
    const owner = await createTestUser();
    const { customer } = await subscribe(h, owner.headers);
    const team = await createTestTeam(owner, { name: "Night Owls" });
    const input = { userId: owner.id, confirmEmail: owner.email };
    expect(await deleteUserOperation(cast.admin.headers, input)).toEqual({
      ok: false,
      code: "conflict",
      message: "Transfer ownership of Night Owls or delete it first.",
    });
    expect(await exists(owner.id)).toBe(true);
    expect(await membersOf(team.id)).toEqual([{ user_id: owner.id, role: "owner" }]);
    expect((await subscriptionsOf(h.stripe, customer)).map((s) => s.status)).toEqual(["active"]);

    await createTestTeam(owner, { name: "Early Birds" });
    expect(await deleteUserOperation(cast.admin.headers, input)).toMatchObject({
      message: "Transfer ownership of Early Birds and Night Owls or delete them first.",
    });
  });

  it("goes ahead once the team has another owner, and the account's membership goes with it", async () => {
    const [owner, heir] = await Promise.all([createTestUser(), createTestUser()]);
    const team = await createTestTeam(owner, { name: "Handed Over" });
    await addMembers(team.id, [heir]);
    expect(
      await transferOwnership(await getDb(), owner.actor, { teamId: team.id, userId: heir.id }),
    ).toMatchObject({
      ok: true,
    });
    expect(
      await deleteUserOperation(cast.admin.headers, { userId: owner.id, confirmEmail: owner.email }),
    ).toMatchObject({ ok: true });
    expect(await exists(owner.id)).toBe(false);
    expect(await membersOf(team.id)).toEqual([{ user_id: heir.id, role: "owner" }]);
  });
});
