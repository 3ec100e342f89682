import { inArray, sql } from "drizzle-orm";
import { asSystem } from "@/db/rls";
import { leadEvents, leadNotes, leadSubmissions, leads, users } from "@/db/schema";
import type { Database } from "@/db/types";
import {
  COMPANY_SIZES,
  DECISION_TIMELINES,
  INTERESTS,
  type LeadStatus,
  LOSS_REASONS,
} from "@/features/leads/options";

const FIRST = [
  "Alex",
  "Blake",
  "Casey",
  "Dana",
  "Eli",
  "Farah",
  "Gabe",
  "Hana",
  "Ivo",
  "Jules",
  "Kim",
  "Lena",
  "Milo",
  "Nia",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Theo",
  "Uma",
];
const LAST = [
  "Nguyen",
  "Okafor",
  "Schmidt",
  "Rossi",
  "Tanaka",
  "Kowalski",
  "Haddad",
  "Silva",
  "Novak",
  "Brennan",
];
const COMPANIES = [
  "Acme Analytics",
  "Brightline",
  "Cobalt Health",
  "Dune Logistics",
  "Evergreen Labs",
  "Foxglove Media",
  "Granite Bank",
  "Helio Energy",
  "Ironwood Games",
  "Juniper Retail",
  "Kestrel Legal",
  "Lumen Schools",
];
const TITLES = [
  "Head of Sales",
  "COO",
  "Founder",
  "Operations Manager",
  "IT Director",
  "Customer Success Lead",
];
const SOURCES = [null, "google", "newsletter", "linkedin", "partner"];
const NOTES = [
  "Left a voicemail, will try again Thursday.",
  "Good call. They want to see team seats and the admin console.",
  "Sent pricing and a trial link.",
  "Decision maker is the CFO; follow up after their board meeting.",
  "Asked about self-hosting on their own Postgres.",
];

/** A small pseudo-random generator, so the demo data is the same on every first start. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

type Step = {
  at: number;
  type: "claimed" | "status_changed" | "reassigned";
  by: string;
  to?: string;
  status?: LeadStatus;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 183;
const STAGES = ["contacted", "qualified", "converted", "closed_won"] as const satisfies readonly LeadStatus[];

/**
 * About 200 leads over the last six months, more of them lately, each with the history a team would
 * have left: a claim minutes to days after submission, status changes by the owner through the stages
 * (some skipped, some moved back, some lost with a reason, some won), reassignments by the admin, notes.
 * The dashboard's facts (stage reached, first contact, win) are then derived from that timeline by
 * app.recount_lead_facts(), the migration's own back-fill. `linked` are verified demo accounts that came
 * from a lead: their leads are linked and converted, so their first payment wins them (SPEC §3).
 */
export async function seedDemoLeads(
  db: Database,
  count = 200,
  linked: { userId: string; name: string; email: string; company: string }[] = [],
): Promise<void> {
  await asSystem(db, "seed: demo leads", async (tx) => {
    const staff = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.email, ["sam@frontdesk.test", "rita@frontdesk.test", "admin@frontdesk.test"]));
    const owners = staff.map((s) => s.id);
    const admin = staff.find((s) => s.email === "admin@frontdesk.test")?.id ?? owners[0];
    const rnd = random(42);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
    const between = (low: number, high: number) => low + rnd() * (high - low);
    const now = Date.now();

    const historyOf = (createdAt: number, forced?: LeadStatus): Step[] => {
      const age = now - createdAt;
      if (!owners.length || (!forced && rnd() > (age < 2 * DAY ? 0.45 : 0.88))) return [];
      const steps: Step[] = [];
      let owner = pick(owners);
      const delay = rnd();
      let at =
        createdAt +
        (delay < 0.35 ? between(5, 55) * 60_000 : delay < 0.75 ? between(1, 20) * HOUR : between(1, 4) * DAY);
      if (at >= now) return [];
      steps.push({ at, type: "claimed", by: owner, to: owner });
      if (!forced && rnd() < 0.1) return steps; // claimed, not contacted yet
      const target = forced
        ? 2
        : (() => {
            const r = rnd();
            return r < 0.3 ? 0 : r < 0.55 ? 1 : r < 0.7 ? 2 : r < 0.82 ? 3 : -1; // -1: lost
          })();
      const lostAt = target === -1 ? Math.floor(rnd() * 3) : null;
      const top = target === -1 ? lostAt! : target;
      let reassigned = rnd() < 0.12;
      const advance = (status: LeadStatus) => {
        at += steps.length === 1 ? between(2, 50) * 60_000 : between(0.5, 9) * DAY; // the first call comes soon after the claim
        if (at >= now) return false;
        if (reassigned && steps.length > 1) {
          const other = owners.filter((o) => o !== owner);
          if (other.length) {
            owner = pick(other);
            steps.push({ at, type: "reassigned", by: admin!, to: owner });
            at += HOUR;
          }
          reassigned = false;
        }
        steps.push({ at, type: "status_changed", by: owner, status });
        return true;
      };
      for (let k = 0; k <= top; k++) {
        if (k > 0 && k < top && rnd() < 0.15) continue; // a skipped stage
        if (!advance(STAGES[k]!)) return steps;
        if (k === 1 && k < top && rnd() < 0.15) {
          if (!advance("contacted") || !advance("qualified")) return steps; // moved back, then on again
        }
      }
      if (lostAt !== null) advance("closed_lost");
      return steps;
    };

    const rows: (typeof leads.$inferInsert)[] = [];
    const histories: Step[][] = [];
    const people = [
      ...linked.map((l) => ({ ...l, daysAgo: between(50, 60) })),
      ...Array.from({ length: Math.max(0, count - linked.length) }, () => null),
    ];
    people.forEach((person, i) => {
      const first = pick(FIRST);
      const last = pick(LAST);
      const company = person?.company ?? pick(COMPANIES);
      // More leads lately: the square root leans the submissions towards today.
      const daysAgo = person?.daysAgo ?? HISTORY_DAYS * (1 - Math.sqrt(rnd()));
      const createdAt = Math.floor(now - daysAgo * DAY) - i * 60_000;
      const steps = historyOf(createdAt, person ? "converted" : undefined);
      const last_ = steps.at(-1);
      const statusSteps = steps.filter((s) => s.status);
      const status: LeadStatus = person ? "converted" : (statusSteps.at(-1)?.status ?? "new");
      const owner = [...steps].reverse().find((s) => s.to)?.to ?? null;
      const lastAt = Math.max(createdAt, last_?.at ?? createdAt);
      histories.push(steps);
      rows.push({
        name: person?.name ?? `${first} ${last}`,
        email:
          person?.email ??
          `${first}.${last}.${i}@${company.toLowerCase().replace(/\W+/g, "")}.example`.toLowerCase(),
        phone:
          rnd() < 0.5
            ? `+1 555 ${String(1000 + i).padStart(4, "0")} ${String(Math.floor(rnd() * 9000) + 1000)}`
            : null,
        preferredContact: pick(["email", "phone", "either"] as const),
        jobTitle: pick(TITLES),
        company,
        companySize: pick(COMPANY_SIZES),
        interests: INTERESTS.filter(() => rnd() < 0.3),
        timeline: pick(DECISION_TIMELINES),
        problems:
          rnd() < 0.5 ? "Our leads live in a shared inbox and nobody knows who is on which one." : null,
        utmSource: pick(SOURCES),
        status,
        claimedBy: owner,
        claimedAt: owner ? new Date(steps.find((s) => s.type === "claimed")!.at) : null,
        userId: person?.userId ?? null,
        lossReason: status === "closed_lost" ? pick(LOSS_REASONS) : null,
        version: 1 + steps.length,
        createdAt: new Date(createdAt),
        updatedAt: new Date(lastAt),
        lastActivityAt: new Date(lastAt),
      });
    });
    const inserted = await tx.insert(leads).values(rows).returning({ id: leads.id });
    await tx.insert(leadSubmissions).values(
      inserted.map((lead, i) => {
        const r = rows[i]!;
        return {
          leadId: lead.id,
          idempotencyKey: `seed-${lead.id}`,
          name: r.name,
          email: r.email,
          phone: r.phone,
          preferredContact: r.preferredContact,
          jobTitle: r.jobTitle,
          company: r.company,
          companySize: r.companySize,
          interests: r.interests,
          timeline: r.timeline,
          problems: r.problems,
          utmSource: r.utmSource,
          createdAt: r.createdAt,
        };
      }),
    );
    const events: (typeof leadEvents.$inferInsert)[] = [];
    const notes: (typeof leadNotes.$inferInsert)[] = [];
    inserted.forEach((lead, i) => {
      const r = rows[i]!;
      events.push({ leadId: lead.id, type: "submitted", createdAt: r.createdAt });
      let status: LeadStatus = "new";
      let owner: string | null = null;
      for (const step of histories[i]!) {
        const createdAt = new Date(step.at);
        if (step.type === "status_changed") {
          events.push({
            leadId: lead.id,
            type: "status_changed",
            actorId: step.by,
            fromStatus: status,
            toStatus: step.status!,
            details: step.status === "closed_lost" ? { lossReason: r.lossReason, lossNote: null } : {},
            createdAt,
          });
          status = step.status!;
        } else {
          events.push({
            leadId: lead.id,
            type: step.type,
            actorId: step.by,
            fromUserId: step.type === "reassigned" ? owner : null,
            toUserId: step.to,
            createdAt,
          });
          owner = step.to ?? null;
        }
        if (step.type === "status_changed" && rnd() < 0.3) {
          notes.push({
            leadId: lead.id,
            authorId: step.by,
            body: pick(NOTES),
            createdAt: new Date(step.at + 60_000),
          });
          events.push({
            leadId: lead.id,
            type: "note_added",
            actorId: step.by,
            createdAt: new Date(step.at + 60_000),
          });
        }
      }
      if (r.userId) {
        events.push({
          leadId: lead.id,
          type: "signed_up",
          fromStatus: status,
          toStatus: "converted",
          details: { userId: r.userId, email: r.email },
          createdAt: new Date(r.lastActivityAt!.getTime() + HOUR),
        });
      }
    });
    await tx.insert(leadEvents).values(events);
    if (notes.length) await tx.insert(leadNotes).values(notes);
    await tx.execute(sql`select app.recount_lead_facts()`);
  });
}
