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

  it("refuses paths a browser would read as another site once it drops control characters", () => {
    // Browsers strip tabs and line breaks from URLs: "/\t/evil.example" becomes "//evil.example".
    expect(safeNextPath("/\t/evil.example")).toBe("/dashboard");
    expect(safeNextPath("/\n/evil.example")).toBe("/dashboard");
    expect(safeNextPath("/\r\n/evil.example")).toBe("/dashboard");
    expect(safeNextPath("/%09/evil.example")).toBe("/%09/evil.example");
    expect(safeNextPath("/a\\b")).toBe("/dashboard");
    expect(safeNextPath("/\u0000x")).toBe("/dashboard");
    expect(safeNextPath(" /settings")).toBe("/dashboard");
  });

  it("keeps a same-origin path with its query and fragment, and nothing else of the URL", () => {
    expect(safeNextPath("/sales/leads?owner=all&q=a%20b#top")).toBe("/sales/leads?owner=all&q=a%20b#top");
    expect(safeNextPath("/../admin")).toBe("/admin");
    expect(safeNextPath("http://localhost:3000/settings")).toBe("/dashboard");
    expect(safeNextPath("/.//evil.example")).toBe("/dashboard");
  });
});
