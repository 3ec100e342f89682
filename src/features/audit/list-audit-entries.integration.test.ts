import { beforeAll, describe, expect, it } from "vitest";
import { createCast, createTestUser } from "../../../tests/helpers/accounts";
import { createLead, leadVersion } from "../../../tests/helpers/leads";
import { getDb } from "../../db/client";
import type { Database } from "../../db/types";
import { setSalesAccessOperation } from "../../server/operations/accounts";
import { claimLeadOperation, reassignLeadOperation } from "../../server/operations/leads";
import { listAuditEntries, listAuditSchema } from "./list-audit-entries";

let db: Database;
let cast: Awaited<ReturnType<typeof createCast>>;
beforeAll(async () => {
  db = await getDb();
  cast = await createCast();
});

const list = async (params: Record<string, unknown>) => {
  const result = await listAuditEntries(db, cast.admin.actor, listAuditSchema.parse(params));
  if (!result.ok) throw new Error(result.message);
  return result;
};

describe("the audit log as admins read it", () => {
  it("says who did what to whom, with names and a link to the subject", async () => {
    const target = await createTestUser({ name: "Tess Target" });
    await setSalesAccessOperation(cast.admin.headers, { userId: target.id, isSales: true });
    const { rows } = await list({ q: target.email });
    expect(rows[0]).toMatchObject({
      action: "sales.granted",
      sentence: `${cast.admin.name} gave Tess Target the Sales Console`,
      subject: {
        type: "user",
        name: "Tess Target",
        href: `/admin/users?q=${encodeURIComponent(target.email)}`,
      },
    });
  });

  it("names a reassigned lead and both owners instead of their ids", async () => {
    const lead = await createLead({ name: "Lena Reassigned", email: "lena.reassigned@prospect.test" });
    await claimLeadOperation(cast.sales.headers, { leadId: lead.id, version: lead.version });
    await reassignLeadOperation(cast.admin.headers, {
      leadId: lead.id,
      version: await leadVersion(lead.id),
      toUserId: cast.admin.id,
    });
    const { rows } = await list({ action: "lead.reassigned" });
    const row = rows.find((r) => r.subject.id === lead.id)!;
    expect(row.sentence).toBe(
      `${cast.admin.name} reassigned Lena Reassigned from ${cast.sales.name} to ${cast.admin.name}`,
    );
    expect(row.subject.href).toBe("/admin/leads?owner=all&q=lena.reassigned%40prospect.test");
  });

  it("filters by action and by who did it", async () => {
    const other = await createTestUser();
    await setSalesAccessOperation(cast.admin.headers, { userId: other.id, isSales: true });
    await setSalesAccessOperation(cast.admin.headers, { userId: other.id, isSales: false });
    const revoked = await list({ action: "sales.revoked" });
    expect(revoked.rows.length).toBeGreaterThan(0);
    expect(revoked.rows.every((r) => r.action === "sales.revoked")).toBe(true);
    const byAdmin = await list({ who: cast.admin.id });
    expect(byAdmin.rows.every((r) => r.actorName === cast.admin.name)).toBe(true);
    expect(byAdmin.actors).toContainEqual({ id: cast.admin.id, name: cast.admin.name });
    const bySystem = await list({ who: "system" });
    expect(bySystem.rows.every((r) => r.actorName === null)).toBe(true);
    // An unknown action in a shared URL shows every action rather than failing.
    expect((await list({ action: "no.such.action" })).total).toBeGreaterThan(0);
  });
});
