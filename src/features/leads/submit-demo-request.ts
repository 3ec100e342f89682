import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import { asSystem } from "@/db/rls";
import type { Database, Tx } from "@/db/types";
import { consumeRateLimit } from "@/features/rate-limit/consume-rate-limit";
import type { Result } from "@/lib/result";
import { parseInput } from "@/lib/validation";
import { readDemoFormToken } from "./demo-form-token";
import {
  DEMO_HONEYPOT_FIELD,
  DEMO_TOKEN_FIELD,
  type DemoOrigin,
  type DemoRequest,
  demoOriginSchema,
  demoRequestSchema,
} from "./demo-request-schema";
import { type NewLeadNotice, notifySalesReps } from "./notify-sales-reps";
import { CLOSED_STATUSES, demoFormLimits } from "./options";

export type DemoRequestContext = { ip: string; userAgent?: string | null; now?: Date };

export type RejectionReason = "honeypot" | "too_fast" | "bad_token" | "rate_limited";

/**
 * What happened. Callers facing the visitor answer every outcome the same neutral way ("thank you"); the
 * detail is for tests and logs.
 */
export type DemoOutcome =
  | { outcome: "created" | "attached" | "repeated"; leadId: string }
  | { outcome: "rejected"; reason: RejectionReason };

type Options = { notify?: (db: Database, lead: NewLeadNotice) => Promise<unknown> };

/**
 * A visitor's demo request (SPEC §2): validated with the form's schema (400 with field errors, nothing
 * stored), screened for spam (honeypot, minimum fill time, per-IP rate limit: counted, not stored), then
 * stored on the one named system path, attached to the open lead with the same email if there is one
 * (as a submission of its own, never overwriting the lead).
 * The lead is committed before the sales reps are notified, and a failing notification cannot lose it.
 */
export async function submitDemoRequest(
  db: Database,
  context: DemoRequestContext,
  raw: unknown,
  options: Options = {},
): Promise<Result<DemoOutcome>> {
  const input = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const now = context.now ?? new Date();
  const honeypot = input[DEMO_HONEYPOT_FIELD];
  if (typeof honeypot === "string" ? honeypot.trim() !== "" : honeypot != null) {
    return reject(db, "honeypot");
  }
  const parsed = parseInput(demoRequestSchema, input);
  if (!parsed.ok) return parsed;
  const token = readDemoFormToken(input[DEMO_TOKEN_FIELD]);
  if (!token) return reject(db, "bad_token");
  const limits = demoFormLimits();
  if (now.getTime() - token.issuedAt.getTime() < limits.minFillMs) return reject(db, "too_fast");
  const rate = await consumeRateLimit(db, `demo:${context.ip}`, { window: 3600, max: limits.perIpPerHour });
  if (!rate.allowed) return reject(db, "rate_limited");

  const origin = demoOriginSchema.parse(input);
  const stored = await asSystem(db, "demo form submission", (tx) =>
    storeSubmission(tx, token.key, parsed.data, origin, context),
  );

  if (stored.outcome === "created") {
    const notify = options.notify ?? notifySalesReps;
    try {
      await notify(db, {
        id: stored.leadId,
        name: parsed.data.name,
        email: parsed.data.email ?? null,
        company: parsed.data.company ?? null,
      });
    } catch (error) {
      // The lead is already committed; the reps will still find it in the console.
      console.error(`[leads] notifying sales reps about lead ${stored.leadId} failed:`, error);
    }
  }
  return { ok: true, ...stored };
}

async function reject(db: Database, reason: RejectionReason): Promise<Result<DemoOutcome>> {
  await asSystem(db, "demo form spam counter", (tx) =>
    tx.execute(sql`
      insert into demo_rejections (day, reason, n) values (current_date, ${reason}, 1)
      on conflict (day, reason) do update set n = demo_rejections.n + 1`),
  );
  return { ok: true, outcome: "rejected", reason };
}

const blank = (v: string | undefined) => (v && v.trim() !== "" ? v : null);

async function storeSubmission(
  tx: Tx,
  key: string,
  data: DemoRequest,
  origin: DemoOrigin,
  context: DemoRequestContext,
): Promise<{ outcome: "created" | "attached" | "repeated"; leadId: string }> {
  // One submission per form token, even when two requests race: the second waits here, then sees the first.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`demo-token:${key}`}))`);
  const [seen] = await queryRows<{ lead_id: string }>(
    tx,
    sql`select lead_id from lead_submissions where idempotency_key = ${key}`,
  );
  if (seen) return { outcome: "repeated", leadId: seen.lead_id };

  const email = data.email ?? null;
  let leadId: string | null = null;
  if (email) {
    // Two requests from one address at once must not both open a lead.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`demo-email:${email}`}))`);
    const closed = sql.join(
      CLOSED_STATUSES.map((s) => sql`${s}`),
      sql`, `,
    );
    const [open] = await queryRows<{ id: string }>(
      tx,
      sql`select id from leads where email = ${email} and status not in (${closed})
          order by created_at desc limit 1 for update`,
    );
    leadId = open?.id ?? null;
  }

  const fields = {
    name: data.name,
    email,
    phone: data.phone ?? null,
    preferredContact: data.preferredContact,
    jobTitle: data.jobTitle ?? null,
    company: data.company ?? null,
    companySize: data.companySize ?? null,
    interests: data.interests,
    timeline: data.timeline ?? null,
    problems: data.problems ?? null,
    utmSource: blank(origin.utmSource),
    utmMedium: blank(origin.utmMedium),
    utmCampaign: blank(origin.utmCampaign),
    utmTerm: blank(origin.utmTerm),
    utmContent: blank(origin.utmContent),
    referrer: blank(origin.referrer),
  };
  const interests = sql`${`{${fields.interests.map((i) => `"${i.replace(/(["\\])/g, "\\$1")}"`).join(",")}}`}::text[]`;

  let outcome: "created" | "attached";
  if (leadId) {
    // A repeat request never rewrites the lead: anyone can type a prospect's email, and reps would then
    // call the number a stranger left. It is kept as its own submission; the detail shows what differs.
    await tx.execute(sql`
      update leads set submission_count = submission_count + 1, version = version + 1,
        updated_at = now(), last_activity_at = now()
      where id = ${leadId}`);
    outcome = "attached";
  } else {
    const [created] = await queryRows<{ id: string }>(
      tx,
      sql`
      insert into leads (name, email, phone, preferred_contact, job_title, company, company_size, interests,
        timeline, problems, utm_source, utm_medium, utm_campaign, utm_term, utm_content, referrer)
      values (${fields.name}, ${fields.email}, ${fields.phone}, ${fields.preferredContact}, ${fields.jobTitle},
        ${fields.company}, ${fields.companySize}, ${interests}, ${fields.timeline}, ${fields.problems},
        ${fields.utmSource}, ${fields.utmMedium}, ${fields.utmCampaign}, ${fields.utmTerm}, ${fields.utmContent},
        ${fields.referrer})
      returning id`,
    );
    leadId = created!.id;
    outcome = "created";
  }

  await tx.execute(sql`
    insert into lead_submissions (lead_id, idempotency_key, name, email, phone, preferred_contact, job_title,
      company, company_size, interests, timeline, problems, utm_source, utm_medium, utm_campaign, utm_term,
      utm_content, referrer, ip_address, user_agent)
    values (${leadId}, ${key}, ${fields.name}, ${fields.email}, ${fields.phone}, ${fields.preferredContact},
      ${fields.jobTitle}, ${fields.company}, ${fields.companySize}, ${interests}, ${fields.timeline},
      ${fields.problems}, ${fields.utmSource}, ${fields.utmMedium}, ${fields.utmCampaign}, ${fields.utmTerm},
      ${fields.utmContent}, ${fields.referrer}, ${context.ip}, ${context.userAgent?.slice(0, 500) ?? null})`);
  await tx.execute(sql`
    insert into lead_events (lead_id, type, actor_id, details)
    values (${leadId}, ${outcome === "created" ? "submitted" : "resubmitted"}, null,
      ${JSON.stringify({ idempotencyKey: key, utmSource: fields.utmSource, referrer: fields.referrer })}::jsonb)`);
  return { outcome, leadId };
}
