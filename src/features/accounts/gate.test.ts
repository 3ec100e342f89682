import { describe, expect, it } from "vitest";
import type { AccessSubject } from "./access";
import { gateDecision } from "./gate";

const past = new Date(Date.now() - 86_400_000);
const future = new Date(Date.now() + 86_400_000);
const subject = (over: Partial<AccessSubject> = {}): AccessSubject => ({
  role: "member",
  isSales: false,
  billingExempt: false,
  membershipStatus: "trial",
  trialEndsAt: future,
  graceEndsAt: null,
  ...over,
});
const lapsed = subject({ trialEndsAt: past });

describe("gateDecision", () => {
  it("sends signed-out visitors of every session page to sign in, keeping where they were going", () => {
    for (const path of ["/dashboard", "/upgrade", "/settings/billing", "/team/x", "/sales/leads", "/admin"]) {
      expect(gateDecision(path, "?a=1", null)).toEqual({
        action: "redirect",
        to: `/login?next=${encodeURIComponent(`${path}?a=1`)}`,
      });
    }
  });

  it("never gates public pages", () => {
    for (const path of [
      "/",
      "/demo",
      "/login",
      "/signup",
      "/pricing",
      "/reset-password",
      "/dashboards-are-not-it",
    ]) {
      expect(gateDecision(path, "", null)).toEqual({ action: "pass" });
      expect(gateDecision(path, "", lapsed)).toEqual({ action: "pass" });
    }
  });

  it("lets anyone open a team invitation link, and keeps /team and a team's page for the signed-in", () => {
    for (const path of ["/team/invite/some-token", "/team/invite"]) {
      expect(gateDecision(path, "", null)).toEqual({ action: "pass" });
      expect(gateDecision(path, "", lapsed)).toEqual({ action: "pass" });
    }
    for (const path of ["/team", "/team/8d3c0f8e-0000-4000-8000-000000000000", "/team/invitex"]) {
      expect(gateDecision(path, "", null)).toEqual({
        action: "redirect",
        to: `/login?next=${encodeURIComponent(path)}`,
      });
    }
    // The team pages are not the member area: a lapsed member still manages a team and buys its seats.
    expect(gateDecision("/team", "", lapsed)).toEqual({ action: "pass" });
  });

  it("sends members without access from the member area to /upgrade, but not from /upgrade or settings", () => {
    expect(gateDecision("/dashboard", "", lapsed)).toEqual({ action: "redirect", to: "/upgrade" });
    expect(gateDecision("/upgrade", "", lapsed)).toEqual({ action: "pass" });
    expect(gateDecision("/settings/account", "", lapsed)).toEqual({ action: "pass" });
    expect(gateDecision("/dashboard", "", subject())).toEqual({ action: "pass" });
  });

  it("lets billing-exempt accounts, admins and sales reps through with an ended trial", () => {
    expect(gateDecision("/dashboard", "", { ...lapsed, billingExempt: true })).toEqual({ action: "pass" });
    expect(gateDecision("/dashboard", "", { ...lapsed, role: "admin" })).toEqual({ action: "pass" });
    expect(gateDecision("/dashboard", "", { ...lapsed, isSales: true })).toEqual({ action: "pass" });
  });

  it("keeps the consoles for those who may use them", () => {
    expect(gateDecision("/admin/users", "", subject())).toEqual({ action: "redirect", to: "/dashboard" });
    expect(gateDecision("/sales/leads", "", subject())).toEqual({ action: "redirect", to: "/dashboard" });
    expect(gateDecision("/admin", "", subject({ isSales: true }))).toEqual({
      action: "redirect",
      to: "/dashboard",
    });
    expect(gateDecision("/sales", "", subject({ isSales: true }))).toEqual({ action: "pass" });
    expect(gateDecision("/sales", "", subject({ role: "admin" }))).toEqual({ action: "pass" });
    expect(gateDecision("/admin", "", subject({ role: "admin" }))).toEqual({ action: "pass" });
  });
});
