import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { getDb } from "../../src/db/client";
import { issueDemoFormToken } from "../../src/features/leads/demo-form-token";
import { submitDemoRequest } from "../../src/features/leads/submit-demo-request";
import { systemRows } from "./db";

/** A form token as if the form had been shown `secondsAgo` seconds ago (past the minimum fill time). */
export const formToken = (secondsAgo = 30) => issueDemoFormToken(new Date(Date.now() - secondsAgo * 1000));

/** A unique test IP so the per-IP rate limit of one test never touches another's. */
export const testIp = () => `10.${crypto.randomInt(255)}.${crypto.randomInt(255)}.${crypto.randomInt(255)}`;

export function demoBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "Jane Prospect",
    email: `jane-${crypto.randomBytes(4).toString("hex")}@prospect.test`,
    phone: "+1 (555) 010-2030",
    preferredContact: "either",
    jobTitle: "Head of Ops",
    company: "Prospect Ltd",
    companySize: "51-200",
    interests: ["Sales console"],
    timeline: "1-3 months",
    problems: "Leads get lost in a shared inbox.",
    formToken: formToken(),
    website: "",
    ...overrides,
  };
}

/** Creates a lead through the real demo path and returns its id and version. */
export async function createLead(
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; version: number }> {
  const db = await getDb();
  const result = await submitDemoRequest(db, { ip: testIp() }, demoBody(overrides), {
    notify: async () => {},
  });
  if (!result.ok || result.outcome === "rejected")
    throw new Error(`lead not created: ${JSON.stringify(result)}`);
  return { id: result.leadId, version: await leadVersion(result.leadId) };
}

export async function leadVersion(id: string): Promise<number> {
  const [row] = await systemRows<{ version: number }>(sql`select version from leads where id = ${id}`);
  return Number(row!.version);
}

export async function leadRow(id: string) {
  const [row] = await systemRows<{
    status: string;
    claimed_by: string | null;
    version: number;
    user_id: string | null;
  }>(sql`select status, claimed_by, version, user_id from leads where id = ${id}`);
  return row!;
}

export async function eventTypes(id: string): Promise<string[]> {
  const rows = await systemRows<{ type: string }>(
    sql`select type from lead_events where lead_id = ${id} order by created_at, id`,
  );
  return rows.map((r) => r.type);
}

/** The tallies recomputed from the leads themselves, to compare with what the console shows. */
export async function countedTallies(actorId: string) {
  const rows = await systemRows<{ owner: string; n: number }>(
    sql`select coalesce(claimed_by, '') as owner, count(*)::int as n from leads group by 1`,
  );
  const by = new Map(rows.map((r) => [r.owner, Number(r.n)]));
  let all = 0;
  for (const n of by.values()) all += n;
  // Open is the leads waiting for someone: unclaimed and not closed.
  const [open] = await systemRows<{ n: number }>(
    sql`select count(*)::int as n from leads where claimed_by is null and status not in ('closed_won', 'closed_lost')`,
  );
  return { open: Number(open!.n), mine: by.get(actorId) ?? 0, all, by };
}
