import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { demoBody, eventTypes, formToken, testIp } from "../../../tests/helpers/leads";
import { POST } from "../../app/api/demo/route";
import { getDb } from "../../db/client";
import type { Database } from "../../db/types";
import { issueDemoFormToken } from "./demo-form-token";
import { submitDemoRequest } from "./submit-demo-request";

let db: Database;
beforeAll(async () => {
  db = await getDb();
});

// The address as the server (scripts/serve.mjs) hands it to the app; extra headers as a client sends them.
const post = (body: unknown, ip = testIp(), headers: Record<string, string> = {}) =>
  POST(
    new Request("http://localhost:3000/api/demo", {
      method: "POST",
      headers: { "content-type": "application/json", "x-frontdesk-client-ip": ip, ...headers },
      body: JSON.stringify(body),
    }),
  );

const leadCount = async () =>
  Number((await systemRows<{ n: number }>(sql`select count(*)::int as n from leads`))[0]!.n);
const submissionCount = async () =>
  Number((await systemRows<{ n: number }>(sql`select count(*)::int as n from lead_submissions`))[0]!.n);
const rejections = async (reason: string) =>
  Number(
    (
      await systemRows<{ n: number }>(
        sql`select coalesce(sum(n), 0)::int as n from demo_rejections where reason = ${reason}`,
      )
    )[0]!.n,
  );

describe("POST /api/demo: bad input on each field", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["missing name", { name: "" }, ["name"]],
    ["name over 200 characters", { name: "x".repeat(201) }, ["name"]],
    ["neither email nor phone", { email: "", phone: "" }, ["email", "phone"]],
    ["invalid email", { email: "not-an-email" }, ["email"]],
    ["phone with too few digits", { phone: "12-34" }, ["phone"]],
    ["phone with too many digits", { phone: "+1 234 567 890 123 456 789 01" }, ["phone"]],
    ["phone with letters", { phone: "555-CALL-NOW" }, ["phone"]],
    ["unknown preferred contact", { preferredContact: "fax" }, ["preferredContact"]],
    ["job title over 200", { jobTitle: "j".repeat(201) }, ["jobTitle"]],
    ["company over 200", { company: "c".repeat(201) }, ["company"]],
    ["unknown company size", { companySize: "huge" }, ["companySize"]],
    ["unknown interest", { interests: ["Sales console", "Time travel"] }, ["interests.1"]],
    ["unknown timeline", { timeline: "someday" }, ["timeline"]],
    ["problems over 5,000", { problems: "p".repeat(5001) }, ["problems"]],
  ];
  for (const [label, change, fields] of cases) {
    it(`answers 400 with the field error and stores nothing: ${label}`, async () => {
      const before = await leadCount();
      const response = await post(demoBody(change));
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.error.code).toBe("invalid");
      for (const field of fields) expect(body.error.fields[field]).toEqual(expect.any(String));
      expect(await leadCount()).toBe(before);
    });
  }

  it("accepts the edges: 7 and 20 digits after stripping, a name of 200, either contact alone", async () => {
    for (const change of [
      { phone: "+(123) 45-67" },
      { phone: "12345678901234567890" },
      { name: "n".repeat(200) },
      { phone: "" },
      { email: "", phone: "555 123 4567" },
    ]) {
      const response = await post(demoBody(change));
      expect(response.status, JSON.stringify(change)).toBe(200);
    }
  });
});

describe("a valid demo request", () => {
  it("stores the lead with every field, its origin and a submitted event, and answers thank you", async () => {
    const email = "Mixed.Case@Prospect.test";
    const response = await post(
      demoBody({
        email,
        utmSource: "newsletter",
        utmMedium: "email",
        utmCampaign: "spring",
        referrer: "https://news.example/article",
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, message: expect.stringMatching(/thank you/i) });
    const [lead] = await systemRows<Record<string, unknown>>(
      sql`select * from leads where email = 'mixed.case@prospect.test'`,
    );
    expect(lead).toMatchObject({
      name: "Jane Prospect",
      phone: "+1 (555) 010-2030",
      preferred_contact: "either",
      job_title: "Head of Ops",
      company: "Prospect Ltd",
      company_size: "51-200",
      interests: ["Sales console"],
      timeline: "1-3 months",
      status: "new",
      claimed_by: null,
      utm_source: "newsletter",
      utm_medium: "email",
      utm_campaign: "spring",
      referrer: "https://news.example/article",
    });
    expect(await eventTypes(lead!.id as string)).toEqual(["submitted"]);
  });

  it("attaches a repeat request from the email of an open lead as a new submission", async () => {
    const email = "repeat@prospect.test";
    const first = await submitDemoRequest(db, { ip: testIp() }, demoBody({ email }), {
      notify: async () => {},
    });
    const second = await submitDemoRequest(
      db,
      { ip: testIp() },
      demoBody({ email: "REPEAT@prospect.test", company: "Renamed Ltd" }),
      { notify: async () => {} },
    );
    expect(first).toMatchObject({ ok: true, outcome: "created" });
    expect(second).toMatchObject({ ok: true, outcome: "attached" });
    if (!first.ok || !second.ok || first.outcome === "rejected" || second.outcome === "rejected")
      throw new Error();
    expect(second.leadId).toBe(first.leadId);
    const rows = await systemRows<{ n: number; company: string; submission_count: number }>(
      sql`select (select count(*)::int from lead_submissions where lead_id = l.id) as n, company, submission_count
          from leads l where id = ${first.leadId}`,
    );
    expect(rows[0]).toMatchObject({ n: 2, company: "Prospect Ltd", submission_count: 2 });
    expect(await eventTypes(first.leadId)).toEqual(["submitted", "resubmitted"]);
  });

  it("a visitor repeating a prospect's email cannot rewrite the lead: the request is kept beside it", async () => {
    const email = "target@prospect.test";
    const original = await submitDemoRequest(db, { ip: testIp() }, demoBody({ email, name: "Tara Target" }), {
      notify: async () => {},
    });
    if (!original.ok || original.outcome === "rejected") throw new Error();
    const before = (await systemRows(sql`select * from leads where id = ${original.leadId}`))[0] as Record<
      string,
      unknown
    >;
    const attack = await post(
      demoBody({
        email: "TARGET@Prospect.test",
        name: "Mallory",
        phone: "+1 555 666 7777",
        company: "Evil Corp",
        jobTitle: "Intern",
        problems: "Call me instead.",
      }),
    );
    expect(attack.status).toBe(200);
    const after = (await systemRows(sql`select * from leads where id = ${original.leadId}`))[0] as Record<
      string,
      unknown
    >;
    for (const field of ["name", "email", "phone", "company", "job_title", "problems", "preferred_contact"]) {
      expect(after[field], field).toEqual(before[field]);
    }
    expect(after.submission_count).toBe(2);
    const kept = await systemRows<{ name: string; company: string }>(
      sql`select name, company from lead_submissions where lead_id = ${original.leadId} order by created_at`,
    );
    expect(kept).toEqual([
      { name: "Tara Target", company: "Prospect Ltd" },
      { name: "Mallory", company: "Evil Corp" },
    ]);
    expect(await eventTypes(original.leadId)).toEqual(["submitted", "resubmitted"]);
  });

  it("starts a new lead when the earlier lead with that email is closed", async () => {
    const email = "closed-before@prospect.test";
    const first = await submitDemoRequest(db, { ip: testIp() }, demoBody({ email }), {
      notify: async () => {},
    });
    if (!first.ok || first.outcome === "rejected") throw new Error();
    await systemRows(sql`update leads set status = 'closed_lost' where id = ${first.leadId} returning id`);
    const second = await submitDemoRequest(db, { ip: testIp() }, demoBody({ email }), {
      notify: async () => {},
    });
    expect(second).toMatchObject({ ok: true, outcome: "created" });
  });

  it("stores one submission for a double submit, even when both arrive at once", async () => {
    const body = demoBody({ email: "double@prospect.test" });
    const before = await submissionCount();
    const answers = await Promise.all([post(body), post(body), post(body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await submissionCount()).toBe(before + 1);
    const again = await submitDemoRequest(db, { ip: testIp() }, body);
    expect(again).toMatchObject({ ok: true, outcome: "repeated" });
    expect(await submissionCount()).toBe(before + 1);
  });
});

describe("characters a request cannot carry", () => {
  it.each([
    ["name", { name: "Jane\u0000Doe" }],
    ["company", { company: "Acme\u0007" }],
    ["problems", { problems: "First line\nthen a NUL\u0000" }],
    ["jobTitle", { jobTitle: "\u001b[31mred" }],
  ])(
    "a control character in %s is refused beside the field, and nothing is stored",
    async (field, override) => {
      const leads = await leadCount();
      const response = await post(demoBody(override));
      expect(response.status).toBe(400);
      expect((await response.json()).error.fields[field]).toMatch(/^[A-Z].*\.$/);
      expect(await leadCount()).toBe(leads);
    },
  );

  it("keeps line breaks and tabs where a person types them", async () => {
    const response = await post(demoBody({ problems: "One.\n\tTwo.\r\nThree." }));
    expect(response.status).toBe(200);
  });
});

describe("spam", () => {
  it("gives the honeypot a neutral answer, stores nothing and counts it", async () => {
    const [leads, counted] = [await leadCount(), await rejections("honeypot")];
    const response = await post(demoBody({ website: "http://spam.example" }));
    expect(response.status).toBe(200);
    expect((await response.json()).ok).toBe(true);
    expect(await leadCount()).toBe(leads);
    expect(await rejections("honeypot")).toBe(counted + 1);
  });

  it("rejects a form sent faster than a person can fill it, neutrally, and counts it", async () => {
    const [leads, counted] = [await leadCount(), await rejections("too_fast")];
    const response = await post(demoBody({ formToken: issueDemoFormToken(new Date()) }));
    expect(response.status).toBe(200);
    expect(await leadCount()).toBe(leads);
    expect(await rejections("too_fast")).toBe(counted + 1);
  });

  it("rejects a missing or forged form token neutrally", async () => {
    const leads = await leadCount();
    const forged = formToken().replace(/\.[^.]+$/, ".forged");
    for (const token of [undefined, "nonsense", forged]) {
      const response = await post(demoBody({ formToken: token }));
      expect(response.status).toBe(200);
    }
    expect(await leadCount()).toBe(leads);
    expect(await rejections("bad_token")).toBeGreaterThanOrEqual(3);
  });

  it("a forged X-Forwarded-For neither escapes the per-address limit nor is stored as the address", async () => {
    const ip = testIp();
    const leads = await leadCount();
    for (let i = 0; i < 7; i++) {
      const forged = { "x-forwarded-for": `198.51.100.${i + 1}` };
      expect((await post(demoBody(), ip, forged)).status).toBe(200);
    }
    expect(await leadCount()).toBe(leads + 5);
    const stored = await systemRows<{ ip_address: string }>(
      sql`select distinct ip_address from lead_submissions where ip_address = ${ip} or ip_address like '198.51.100.%'`,
    );
    expect(stored).toEqual([{ ip_address: ip }]);
  });

  it("limits one address to 5 requests an hour; the rest are counted, not stored", async () => {
    const ip = testIp();
    const [leads, counted] = [await leadCount(), await rejections("rate_limited")];
    for (let i = 0; i < 7; i++) expect((await post(demoBody(), ip)).status).toBe(200);
    expect(await leadCount()).toBe(leads + 5);
    expect(await rejections("rate_limited")).toBe(counted + 2);
    expect((await post(demoBody(), testIp())).status).toBe(200);
    expect(await leadCount()).toBe(leads + 6);
  });
});

describe("notifying sales reps", () => {
  it("queues one mail per sales rep for a new lead, after the lead is stored", async () => {
    const reps = await Promise.all([createTestUser({ isSales: true }), createTestUser({ isSales: true })]);
    const member = await createTestUser();
    const result = await submitDemoRequest(db, { ip: testIp() }, demoBody({ name: "Notify Me" }));
    expect(result).toMatchObject({ ok: true, outcome: "created" });
    const mail = await systemRows<{ to_address: string; kind: string }>(
      sql`select to_address, kind from mail_outbox where subject like '%Notify Me%'`,
    );
    const recipients = mail.map((m) => m.to_address);
    for (const rep of reps) expect(recipients.filter((r) => r === rep.email)).toHaveLength(1);
    expect(recipients).not.toContain(member.email);
    expect(mail.every((m) => m.kind === "lead.new")).toBe(true);
  });

  it("keeps the lead when the notification fails", async () => {
    const result = await submitDemoRequest(db, { ip: testIp() }, demoBody({ email: "kept@prospect.test" }), {
      notify: async () => {
        throw new Error("SMTP and outbox both on fire");
      },
    });
    expect(result).toMatchObject({ ok: true, outcome: "created" });
    const rows = await systemRows<{ id: string }>(
      sql`select id from leads where email = 'kept@prospect.test'`,
    );
    expect(rows).toHaveLength(1);
  });
});
