import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/query";
import { withActor } from "@/db/rls";
import type { Database } from "@/db/types";
import { type Actor, canUseSalesConsole } from "@/features/accounts/load-actor";
import { fail, type Result } from "@/lib/result";
import type { LeadNote } from "./add-lead-note";
import type { LeadStatus } from "./options";

// Any text is accepted as an id: one that is not a lead's (malformed or not) is simply not found.
export const getLeadSchema = z.object({ leadId: z.string().trim().max(100) });
export type GetLeadInput = z.output<typeof getLeadSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every field a visitor can submit, as stored on a lead and on each submission. */
export type RequestFields = {
  name: string;
  email: string | null;
  phone: string | null;
  preferredContact: string;
  jobTitle: string | null;
  company: string | null;
  companySize: string | null;
  interests: string[];
  timeline: string | null;
  problems: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  referrer: string | null;
};

export type LeadSubmission = RequestFields & { id: string; createdAt: Date };

export type LeadEvent = {
  id: string;
  type: string;
  actorId: string | null;
  actorName: string | null;
  fromStatus: LeadStatus | null;
  toStatus: LeadStatus | null;
  fromUserName: string | null;
  toUserName: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
};

export type LeadDetail = RequestFields & {
  id: string;
  status: LeadStatus;
  ownerId: string | null;
  ownerName: string | null;
  userId: string | null;
  lossReason: string | null;
  version: number;
  submissionCount: number;
  createdAt: Date;
  lastActivityAt: Date;
  submissions: LeadSubmission[];
  notes: LeadNote[];
  events: LeadEvent[];
};

const REQUEST_COLUMNS: [string, string][] = [
  ["name", "name"],
  ["email", "email"],
  ["phone", "phone"],
  ["preferred_contact", "preferredContact"],
  ["job_title", "jobTitle"],
  ["company", "company"],
  ["company_size", "companySize"],
  ["interests", "interests"],
  ["timeline", "timeline"],
  ["problems", "problems"],
  ["utm_source", "utmSource"],
  ["utm_medium", "utmMedium"],
  ["utm_campaign", "utmCampaign"],
  ["utm_term", "utmTerm"],
  ["utm_content", "utmContent"],
  ["referrer", "referrer"],
];
const requestColumns = (alias: string) =>
  sql.raw(REQUEST_COLUMNS.map(([column, key]) => `${alias}.${column} as "${key}"`).join(", "));

/** A lead with every submitted field, all its submissions, its notes (newest first) and its timeline. */
export async function getLead(
  db: Database,
  actor: Actor,
  input: GetLeadInput,
): Promise<Result<{ lead: LeadDetail }>> {
  if (!canUseSalesConsole(actor)) return fail("forbidden", "Only sales reps and admins may see leads.");
  const { leadId } = input;
  if (!UUID.test(leadId)) return fail("not_found", "This lead does not exist.");
  return withActor(db, actor, async (tx) => {
    const [lead] = await queryRows<Record<string, unknown>>(
      tx,
      sql`select l.id, ${requestColumns("l")}, l.status, l.claimed_by as "ownerId", u.name as "ownerName",
                 l.user_id as "userId", l.loss_reason as "lossReason", l.version,
                 l.submission_count as "submissionCount", l.created_at as "createdAt",
                 l.last_activity_at as "lastActivityAt"
          from (select * from leads where id = ${leadId}) l left join users u on u.id = l.claimed_by`,
    );
    if (!lead) return fail("not_found", "This lead does not exist.");
    const submissions = await queryRows<Record<string, unknown>>(
      tx,
      sql`select s.id, ${requestColumns("s")}, s.created_at as "createdAt" from lead_submissions s
          where s.lead_id = ${leadId} order by created_at desc, id desc`,
    );
    const notes = await queryRows<Record<string, unknown>>(
      tx,
      sql`select n.id, n.body, n.author_id as "authorId", u.name as "authorName", n.created_at as "createdAt"
          from lead_notes n left join users u on u.id = n.author_id
          where n.lead_id = ${leadId} order by n.created_at desc, n.id desc`,
    );
    const events = await queryRows<Record<string, unknown>>(
      tx,
      sql`select e.id, e.type, e.actor_id as "actorId", a.name as "actorName", e.from_status as "fromStatus",
                 e.to_status as "toStatus", f.name as "fromUserName", t.name as "toUserName", e.details,
                 e.created_at as "createdAt"
          from lead_events e
          left join users a on a.id = e.actor_id
          left join users f on f.id = e.from_user_id
          left join users t on t.id = e.to_user_id
          where e.lead_id = ${leadId} order by e.created_at desc, e.id desc`,
    );
    const dated = <T extends Record<string, unknown>>(row: T) => ({
      ...row,
      createdAt: new Date(row.createdAt as string),
    });
    return {
      ok: true,
      lead: {
        ...(dated(lead) as unknown as LeadDetail),
        ownerName: lead.ownerId ? ((lead.ownerName as string | null) ?? "Former team member") : null,
        version: Number(lead.version),
        submissionCount: Number(lead.submissionCount),
        lastActivityAt: new Date(lead.lastActivityAt as string),
        interests: toArray(lead.interests),
        submissions: submissions.map((s) => ({
          ...(dated(s) as unknown as LeadSubmission),
          interests: toArray(s.interests),
        })),
        notes: notes.map((n) => ({
          ...(dated(n) as unknown as LeadNote),
          authorName: (n.authorName as string | null) ?? "Former team member",
        })),
        events: events.map((e) => dated(e) as unknown as LeadEvent),
      },
    };
  });
}

/** Both drivers return text[] as an array; be safe with the literal form too. */
function toArray(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  if (typeof value === "string" && value.startsWith("{")) {
    return value === "{}"
      ? []
      : value
          .slice(1, -1)
          .split(",")
          .map((s) => s.replace(/^"|"$/g, ""));
  }
  return [];
}
