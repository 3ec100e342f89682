import { describe, expect, it } from "vitest";
import { leadSliceSchema } from "@/features/leads/lead-slice";
import { formatterFor } from "@/lib/format";
import { describeLeadSlice, describeRange } from "./slice-description";

const utc = formatterFor("UTC");
const berlin = formatterFor("Europe/Berlin");
const d = (iso: string) => new Date(iso);

describe("describeRange", () => {
  it("reads whole days in the zone as days, the last one included, naming the zone", () => {
    expect(describeRange(utc, d("2026-11-01T00:00:00Z"), d("2026-12-01T00:00:00Z"))).toBe(
      "Nov 1 – Nov 30, 2026 (UTC)",
    );
    expect(describeRange(utc, d("2025-12-01T00:00:00Z"), d("2026-01-01T00:00:00Z"))).toBe(
      "Dec 1 – Dec 31, 2025 (UTC)",
    );
    expect(describeRange(utc, d("2025-12-15T00:00:00Z"), d("2026-01-15T00:00:00Z"))).toBe(
      "Dec 15, 2025 – Jan 14, 2026 (UTC)",
    );
    expect(describeRange(utc, d("2026-11-01T00:00:00Z"), d("2026-11-02T00:00:00Z"))).toBe(
      "on Nov 1, 2026 (UTC)",
    );
    expect(describeRange(utc, d("2026-11-01T00:00:00Z"))).toBe("since Nov 1, 2026 (UTC)");
    expect(describeRange(utc, undefined, d("2026-12-01T00:00:00Z"))).toBe("through Nov 30, 2026 (UTC)");
    // Berlin's midnights (UTC+1 in winter).
    expect(describeRange(berlin, d("2026-10-31T23:00:00Z"), d("2026-11-30T23:00:00Z"))).toBe(
      "Nov 1 – Nov 30, 2026 (Europe/Berlin)",
    );
  });

  it("shows other bounds as moments with their zone", () => {
    expect(describeRange(utc, d("2026-11-01T09:30:00Z"), d("2026-12-01T00:00:00Z"))).toBe(
      "from Nov 1, 2026, 9:30 AM UTC to before Dec 1, 2026, 12:00 AM UTC",
    );
    expect(describeRange(berlin, d("2026-11-01T00:00:00Z"))).toBe("since Nov 1, 2026, 1:00 AM GMT+1");
    expect(describeRange(utc, undefined, d("2026-12-01T00:00:00.5Z"))).toBe(
      "before Dec 1, 2026, 12:00 AM UTC",
    );
  });
});

describe("describeLeadSlice", () => {
  const slice = (input: Record<string, string>) => leadSliceSchema.parse(input);

  it("is null without a slice", () => {
    expect(describeLeadSlice(slice({}), {}, utc)).toBeNull();
  });

  it("says every condition, in one line", () => {
    expect(
      describeLeadSlice(
        slice({
          from: "2026-11-01T00:00:00Z",
          to: "2026-12-01T00:00:00Z",
          stage: "qualified",
          wonBy: "sam",
        }),
        { sam: "Sam Seller" },
        utc,
      ),
    ).toBe("Submitted Nov 1 – Nov 30, 2026 (UTC) · reached Qualified · won by Sam Seller");
    expect(
      describeLeadSlice(
        slice({
          open: "1",
          lossReason: "No budget",
          contact: "waiting",
          wonFrom: "2026-11-01T00:00:00Z",
          wonBy: "none",
          claimedTo: "2026-12-01T00:00:00Z",
          claimedBy: "gone",
          revenue: "1",
        }),
        {},
        utc,
      ),
    ).toBe(
      "Not closed · lost: No budget · waiting for a first contact · won since Nov 1, 2026 (UTC) while nobody owned it · claimed through Nov 30, 2026 (UTC) by a former team member · paying now",
    );
    expect(describeLeadSlice(slice({ contact: "within_1h" }), {}, utc)).toBe("First contacted within 1 h");
  });
});
