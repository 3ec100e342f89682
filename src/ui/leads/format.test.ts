import { describe, expect, it } from "vitest";
import { addressPieces, countLabel } from "./format";

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

describe("addressPieces", () => {
  it("cuts an address after each @ and dot, never at its end nor inside a word", () => {
    expect(addressPieces("jane.doe@example.com")).toEqual(["jane.", "doe@", "example.", "com"]);
    expect(addressPieces("a..b@c.")).toEqual(["a.", ".", "b@", "c."]);
    expect(addressPieces("plain")).toEqual(["plain"]);
    expect(addressPieces("")).toEqual([""]);
    for (const text of ["jane.doe@example.com", "a..b@c.", "x@y"])
      expect(addressPieces(text).join("")).toBe(text);
  });
});
