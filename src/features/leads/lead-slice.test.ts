import { describe, expect, it } from "vitest";
import { emptySlice, hasSlice, leadSliceParams, leadSliceSchema } from "./lead-slice";
import { leadFilterSchema, leadViewQuery } from "./lead-view";

const parse = (input: Record<string, unknown>) => leadSliceSchema.parse(input);

describe("lead slice parsing", () => {
  it("reads every condition from its URL parameter", () => {
    const slice = parse({
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-12-01T00:00:00+01:00",
      stage: "qualified",
      open: "1",
      lossReason: "No budget",
      contact: "within_24h",
      wonFrom: "2026-11-01T00:00Z",
      wonTo: "2026-12-01T00:00:00.123456Z",
      wonBy: "none",
      claimedFrom: "2026-11-01T05:30:00-0300",
      claimedTo: "2026-12-01T00:00:00Z",
      claimedBy: "user_AbC-123",
      revenue: "1",
    });
    expect(slice).toEqual({
      from: new Date("2026-11-01T00:00:00.000Z"),
      to: new Date("2026-11-30T23:00:00.000Z"),
      stage: "qualified",
      open: true,
      lossReason: "No budget",
      contact: "within_24h",
      wonFrom: new Date("2026-11-01T00:00:00.000Z"),
      wonTo: new Date("2026-12-01T00:00:00.123Z"),
      wonBy: "none",
      claimedFrom: new Date("2026-11-01T08:30:00.000Z"),
      claimedTo: new Date("2026-12-01T00:00:00.000Z"),
      claimedBy: "user_AbC-123",
      revenue: true,
    });
    expect(hasSlice(slice)).toBe(true);
  });

  it("drops bad values instead of failing, and a slice of nothing but bad values is no slice", () => {
    const bad = {
      from: "yesterday",
      to: "1",
      wonFrom: "2026-11-01", // a day without a time and zone: which midnight is unclear
      wonTo: "2026-11-01T00:00:00", // no offset: it would be read in the server's zone
      claimedFrom: "2026-02-30T00:00:00Z", // no such day
      claimedTo: "+275760-09-13T00:00:00.000Z", // beyond what PostgreSQL stores
      stage: "closed_lost", // not a pipeline stage
      open: "yes",
      lossReason: "Because",
      contact: "soon",
      wonBy: "x'; drop table leads; --",
      claimedBy: "a".repeat(101),
      revenue: ["1"],
    };
    const slice = parse(bad);
    expect(slice).toEqual(emptySlice());
    expect(hasSlice(slice)).toBe(false);
    expect(hasSlice(parse({}))).toBe(false);
    expect(parse({ from: "0999-12-31T23:00:00Z", to: "9999-12-31T23:00:00-05:00" })).toEqual(emptySlice());
  });

  it("takes an offset whose + a URL turned into a space", () => {
    expect(parse({ from: "2026-11-01T01:00:00 01:00" }).from).toEqual(new Date("2026-11-01T00:00:00Z"));
  });

  it("writes set conditions only, and reads back what it wrote", () => {
    const slice = parse({
      from: "2026-11-01T00:00:00.000Z",
      stage: "new",
      wonBy: "u1",
      revenue: "1",
    });
    const params = leadSliceParams(slice);
    expect([...params]).toEqual([
      ["from", "2026-11-01T00:00:00.000Z"],
      ["stage", "new"],
      ["wonBy", "u1"],
      ["revenue", "1"],
    ]);
    expect(parse(Object.fromEntries(params))).toEqual(slice);
    expect(leadSliceParams(emptySlice()).toString()).toBe("");
  });
});

describe("the lead view with a slice", () => {
  it("gathers the slice's parameters under `slice` and round-trips them through leadViewQuery", () => {
    const filter = leadFilterSchema.parse({
      owner: "all",
      status: "closed_lost",
      q: "acme",
      sort: "oldest",
      lossReason: "Timing",
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-12-01T00:00:00.000Z",
      claimedBy: "rep-1",
    });
    expect(filter).toMatchObject({ owner: "all", status: "closed_lost", q: "acme", sort: "oldest" });
    expect(filter.slice).toMatchObject({ lossReason: "Timing", claimedBy: "rep-1" });
    const query = leadViewQuery(filter, 3);
    const params = new URLSearchParams(query);
    expect(params.get("page")).toBe("3");
    expect(params.get("lossReason")).toBe("Timing");
    expect(leadFilterSchema.parse(Object.fromEntries(params))).toEqual(filter);
  });

  it("leaves the plain view's query as it was", () => {
    expect(leadViewQuery(leadFilterSchema.parse({}))).toBe("");
    expect(leadViewQuery(leadFilterSchema.parse({ owner: "mine", q: "x" }), 2)).toBe("owner=mine&q=x&page=2");
  });
});
