import { describe, expect, it } from "vitest";
import { countLabel } from "./format";

describe("countLabel", () => {
  it("shows exact counts as they are, capped ones with a plus, uncounted ones not at all", () => {
    expect(countLabel(0)).toBe("0");
    expect(countLabel(41)).toBe("41");
    expect(countLabel(12345)).toBe("12345");
    expect(countLabel(1000, true)).toBe("1,000+");
    expect(countLabel(null)).toBeNull();
    expect(countLabel(null, true)).toBeNull();
  });
});
