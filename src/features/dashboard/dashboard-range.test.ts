import { describe, expect, it } from "vitest";
import { dashboardRangeQuery, dashboardRangeSchema, resolveDashboardRange } from "./dashboard-range";
import { isoWeekLabel, startOfZonedDay } from "./zoned-time";

const resolve = (raw: Record<string, string>, now: string, zone = "UTC") =>
  resolveDashboardRange(dashboardRangeSchema.parse(raw), new Date(now), zone);

describe("the dashboard's date range", () => {
  it("is whole days in the app's zone: the last 30 days end at the midnight after today", () => {
    const r = resolve({}, "2026-12-01T03:00:00Z", "America/Los_Angeles"); // still Nov 30 there
    expect(r.preset).toBe("30d");
    expect(r.start?.toISOString()).toBe("2026-11-01T07:00:00.000Z"); // PDT
    expect(r.end.toISOString()).toBe("2026-12-01T08:00:00.000Z"); // PST
  });

  it("starts this quarter on its first day and all time at no start", () => {
    expect(resolve({ range: "quarter" }, "2026-12-01T12:00:00Z").start?.toISOString()).toBe(
      "2026-10-01T00:00:00.000Z",
    );
    expect(resolve({ range: "all" }, "2026-12-01T12:00:00Z").start).toBeNull();
  });

  it("takes a custom range's both days and refuses impossible ones with a sentence", () => {
    const r = resolve(
      { range: "custom", from: "2026-01-01", to: "2026-01-31" },
      "2026-12-01T12:00:00Z",
      "Asia/Kolkata",
    );
    expect([r.start?.toISOString(), r.end.toISOString()]).toEqual([
      "2025-12-31T18:30:00.000Z",
      "2026-01-31T18:30:00.000Z",
    ]);
    expect(dashboardRangeQuery(r)).toBe("range=custom&from=2026-01-01&to=2026-01-31");
    expect(
      resolve({ range: "custom", from: "2026-13-01", to: "2026-01-31" }, "2026-12-01T12:00:00Z").notice,
    ).toMatch(/Choose both days/);
    expect(resolve({ range: "bogus" }, "2026-12-01T12:00:00Z").preset).toBe("30d");
  });

  it("finds a local midnight on a day that skips it", () => {
    // Chile starts daylight time at midnight (Sep 6, 2026): 00:00 does not exist, the day starts at 01:00.
    expect(startOfZonedDay({ year: 2026, month: 9, day: 6 }, "America/Santiago").toISOString()).toBe(
      "2026-09-06T04:00:00.000Z",
    );
  });

  it("labels ISO weeks by the year of their Thursday", () => {
    expect(isoWeekLabel({ year: 2027, month: 1, day: 1 })).toBe("2026-W53");
    expect(isoWeekLabel({ year: 2024, month: 12, day: 30 })).toBe("2025-W01");
    expect(isoWeekLabel({ year: 2026, month: 12, day: 1 })).toBe("2026-W49");
  });
});
