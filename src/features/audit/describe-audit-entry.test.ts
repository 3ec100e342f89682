import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, type AuditAction } from "./audit-actions";
import { describeAuditEntry, type NamedAuditEntry } from "./describe-audit-entry";

const entry = (action: string, over: Partial<NamedAuditEntry> = {}): NamedAuditEntry => ({
  action,
  actorName: "Ada Admin",
  subjectType: "user",
  subjectName: "Tina Trial",
  details: {},
  names: {},
  ...over,
});

describe("audit entries read as sentences", () => {
  it("names who did what to whom", () => {
    expect(
      describeAuditEntry(entry("billing.exemption_on", { details: { reason: "Partner programme" } })),
    ).toBe("Ada Admin made Tina Trial billing exempt: Partner programme");
    expect(
      describeAuditEntry(
        entry("lead.reassigned", {
          subjectType: "lead",
          subjectName: "Erin Example",
          details: { from: "u1", to: "u2" },
          names: { u1: "Sam Seller", u2: "Rita Reyes" },
        }),
      ),
    ).toBe("Ada Admin reassigned Erin Example from Sam Seller to Rita Reyes");
    expect(
      describeAuditEntry(
        entry("membership.changed", { actorName: null, details: { from: "trial", to: "active" } }),
      ),
    ).toBe("Tina Trial’s membership changed from Trial to Active");
    expect(
      describeAuditEntry(
        entry("billing.reconciled", { actorName: null, details: { checked: 3, changed: 1, failed: 0 } }),
      ),
    ).toBe("The system reconciled billing with Stripe: 3 checked, 1 repaired, 0 failed");
  });

  it("names the team and the person for team changes, even after the team is gone", () => {
    expect(
      describeAuditEntry(
        entry("team.invitation_sent", {
          subjectType: "team",
          subjectName: null,
          details: { team: "Acme", email: "mia@example.test", role: "admin" },
        }),
      ),
    ).toBe("Ada Admin invited mia@example.test to Acme as an admin");
    expect(
      describeAuditEntry(
        entry("team.member_role_changed", {
          details: { team: "Acme", previousRole: "admin", role: "member" },
        }),
      ),
    ).toBe("Ada Admin made Tina Trial a member of Acme");
    expect(
      describeAuditEntry(
        entry("team.ownership_transferred", { details: { team: "Acme", from: "u1", to: "u2" } }),
      ),
    ).toBe("Ada Admin made Tina Trial the owner of Acme");
    expect(
      describeAuditEntry(
        entry("team.deleted", { subjectType: "team", subjectName: null, details: { team: "Acme" } }),
      ),
    ).toBe("Ada Admin deleted the team Acme");
  });

  it.each(Object.keys(AUDIT_ACTIONS) as AuditAction[])(
    "%s: a sentence with no code or id in it",
    (action) => {
      const sentence = describeAuditEntry(
        entry(action, {
          details: { from: "user_123", to: "user_456", subscription: "sub_9", amount: 2900, currency: "usd" },
        }),
      );
      expect(sentence).toMatch(/^[A-Z]/);
      expect(sentence).not.toContain(action);
      expect(sentence).not.toMatch(/user_\d|sub_\d|undefined|null/);
    },
  );

  it("every action the code writes is described", () => {
    const written = new Set<string>();
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const file of walk(path.join(process.cwd(), "src", "features"))) {
      if (!file.endsWith(".ts") || file.includes(".test.")) continue;
      for (const line of fs.readFileSync(file, "utf8").split("\n")) {
        if (!/\baction: /.test(line)) continue;
        for (const m of line.matchAll(/"([a-z]+\.[a-z_]+)"/g)) written.add(m[1]!);
      }
    }
    expect(written.size).toBeGreaterThan(10);
    expect([...written].filter((a) => !(a in AUDIT_ACTIONS))).toEqual([]);
  });
});
