import { describe, expect, it } from "vitest";
import { parseInput } from "@/lib/validation";
import { safeNextPath, signUpSchema } from "./credentials-schema";

describe("signUpSchema", () => {
  it("explains each bad field in a sentence", () => {
    const result = parseInput(signUpSchema, { name: "", email: "not-an-email", password: "short" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields).toEqual({
      name: "Enter your name.",
      email: "Enter a valid email address, like name@example.com.",
      password: "Use at least 8 characters for your password.",
    });
  });

  it("normalises the email address", () => {
    const result = parseInput(signUpSchema, {
      name: "Ann",
      email: "  Ann@Example.COM ",
      password: "long-enough",
    });
    expect(result).toMatchObject({ ok: true, data: { email: "ann@example.com" } });
  });
});

describe("safeNextPath", () => {
  it("accepts local paths and refuses anything that leaves the site", () => {
    expect(safeNextPath("/settings/billing?x=1")).toBe("/settings/billing?x=1");
    expect(safeNextPath("https://evil.example")).toBe("/dashboard");
    expect(safeNextPath("//evil.example")).toBe("/dashboard");
    expect(safeNextPath("/\\evil.example")).toBe("/dashboard");
    expect(safeNextPath(undefined)).toBe("/dashboard");
  });
});
