import { describe, expect, it } from "vitest";
import { type AccessSubject, memberAccess, trialDaysLeft } from "./access";

const now = new Date("2026-06-01T12:00:00Z");
const past = new Date("2026-05-31T12:00:00Z");
const future = new Date("2026-06-02T12:00:00Z");
const member = (over: Partial<AccessSubject>): AccessSubject => ({
  role: "member",
  isSales: false,
  billingExempt: false,
  membershipStatus: "trial",
  trialEndsAt: future,
  graceEndsAt: null,
  ...over,
});

describe("memberAccess", () => {
  it("lets a trial in before its end and not after", () => {
    expect(memberAccess(member({ trialEndsAt: future }), now)).toEqual({ allowed: true, reason: "trial" });
    expect(memberAccess(member({ trialEndsAt: past }), now)).toEqual({
      allowed: false,
      reason: "trial_ended",
    });
    expect(memberAccess(member({ trialEndsAt: null }), now)).toEqual({
      allowed: false,
      reason: "trial_ended",
    });
  });

  it("lets active members in and keeps inactive ones out", () => {
    expect(memberAccess(member({ membershipStatus: "active" }), now).allowed).toBe(true);
    expect(memberAccess(member({ membershipStatus: "inactive" }), now)).toEqual({
      allowed: false,
      reason: "inactive",
    });
  });

  it("gives past_due members access only within the grace period", () => {
    expect(memberAccess(member({ membershipStatus: "past_due", graceEndsAt: future }), now)).toEqual({
      allowed: true,
      reason: "grace",
    });
    expect(memberAccess(member({ membershipStatus: "past_due", graceEndsAt: past }), now).allowed).toBe(
      false,
    );
    expect(memberAccess(member({ membershipStatus: "past_due", graceEndsAt: null }), now).allowed).toBe(
      false,
    );
  });

  it("always lets admins, sales reps, billing-exempt accounts and seated team members in", () => {
    const lapsed = { membershipStatus: "inactive" as const, trialEndsAt: past };
    expect(memberAccess(member({ ...lapsed, role: "admin" }), now).reason).toBe("admin");
    expect(memberAccess(member({ ...lapsed, isSales: true }), now).reason).toBe("sales");
    expect(memberAccess(member({ ...lapsed, billingExempt: true }), now).reason).toBe("billing_exempt");
    expect(memberAccess(member({ ...lapsed, hasTeamSeat: true }), now).reason).toBe("team_seat");
  });
});

describe("trialDaysLeft", () => {
  it("rounds partial days up and never goes below zero", () => {
    expect(trialDaysLeft(new Date(now.getTime() + 36 * 3600_000), now)).toBe(2);
    expect(trialDaysLeft(past, now)).toBe(0);
    expect(trialDaysLeft(null, now)).toBe(0);
  });
});
