import { inArray } from "drizzle-orm";
import { asSystem } from "@/db/rls";
import { leadEvents, leadNotes, leadSubmissions, leads, users } from "@/db/schema";
import type { Database } from "@/db/types";
import {
  COMPANY_SIZES,
  DECISION_TIMELINES,
  INTERESTS,
  LEAD_STATUSES,
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

/** About 200 leads across statuses and owners (Sam, Rita, the admin, Open), with notes and history. */
export async function seedDemoLeads(db: Database, count = 200): Promise<void> {
  await asSystem(db, "seed: demo leads", async (tx) => {
    const staff = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.email, ["sam@frontdesk.test", "rita@frontdesk.test", "admin@frontdesk.test"]));
    const owners = staff.map((s) => s.id);
    const rnd = random(42);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
    const now = Date.now();
    const rows = Array.from({ length: count }, (_, i) => {
      const first = pick(FIRST);
      const last = pick(LAST);
      const company = pick(COMPANIES);
      const createdAt = new Date(now - Math.floor(rnd() * 90 * 86_400_000) - i * 60_000);
      const claimed = rnd() < 0.6 && owners.length > 0;
      const status: LeadStatus = claimed
        ? pick(LEAD_STATUSES.filter((s) => s !== "new"))
        : rnd() < 0.85
          ? "new"
          : "contacted";
      return {
        name: `${first} ${last}`,
        email: `${first}.${last}.${i}@${company.toLowerCase().replace(/\W+/g, "")}.example`.toLowerCase(),
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
        claimedBy: claimed ? pick(owners) : null,
        claimedAt: claimed ? new Date(createdAt.getTime() + 3_600_000) : null,
        lossReason: status === "closed_lost" ? pick(LOSS_REASONS) : null,
        version: claimed ? 3 : 1,
        createdAt,
        updatedAt: createdAt,
        lastActivityAt: new Date(createdAt.getTime() + (claimed ? 7_200_000 : 0)),
      };
    });
    const inserted = await tx.insert(leads).values(rows).returning({ id: leads.id });
    const submissions = inserted.map((lead, i) => {
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
    });
    await tx.insert(leadSubmissions).values(submissions);
    const events: (typeof leadEvents.$inferInsert)[] = [];
    const notes: (typeof leadNotes.$inferInsert)[] = [];
    inserted.forEach((lead, i) => {
      const r = rows[i]!;
      events.push({ leadId: lead.id, type: "submitted", createdAt: r.createdAt });
      if (r.claimedBy && r.claimedAt) {
        events.push({
          leadId: lead.id,
          type: "claimed",
          actorId: r.claimedBy,
          toUserId: r.claimedBy,
          createdAt: r.claimedAt,
        });
        events.push({
          leadId: lead.id,
          type: "status_changed",
          actorId: r.claimedBy,
          fromStatus: "new",
          toStatus: r.status,
          details: r.lossReason ? { lossReason: r.lossReason, lossNote: null } : {},
          createdAt: new Date(r.claimedAt.getTime() + 1000),
        });
        if (rnd() < 0.6) {
          notes.push({
            leadId: lead.id,
            authorId: r.claimedBy,
            body: pick(NOTES),
            createdAt: r.lastActivityAt,
          });
          events.push({
            leadId: lead.id,
            type: "note_added",
            actorId: r.claimedBy,
            createdAt: r.lastActivityAt,
          });
        }
      }
    });
    await tx.insert(leadEvents).values(events);
    if (notes.length) await tx.insert(leadNotes).values(notes);
  });
}
