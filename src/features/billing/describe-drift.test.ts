import { describe, expect, it } from "vitest";
import { describeDrift } from "./reconcile-billing";

describe("describeDrift: the lines of the reconcile report", () => {
  it("names an account and its status change", () => {
    expect(describeDrift({ userId: "u1", from: "trial", to: "active", subscription: "sub_1" })).toBe(
      "Account u1: trial → active",
    );
  });

  it("names a team and says when its paid seats changed, not only its status", () => {
    const drift = {
      teamId: "t1",
      from: "active",
      to: "active",
      subscription: "sub_2",
      seatsFrom: 3,
      seatsTo: 5,
    };
    expect(describeDrift(drift)).toBe("Team t1: active → active, seats paid 3 → 5");
    expect(describeDrift({ ...drift, to: "past_due", seatsTo: 3 })).toBe("Team t1: active → past_due");
  });
});
