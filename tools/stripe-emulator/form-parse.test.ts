import { describe, expect, it } from "vitest";
import { canonicalForm, FormParseError, parseForm } from "./src/form-parse.js";

describe("parseForm", () => {
  it("parses nested hashes and indexed arrays as the SDK sends them", () => {
    const parsed = parseForm(
      "mode=subscription&line_items[0][price]=price_1&line_items[0][quantity]=3&line_items[1][price]=price_2" +
        "&metadata[userId]=u%201&subscription_data[metadata][plan]=team&expand[0]=subscription",
    );
    expect(JSON.parse(JSON.stringify(parsed))).toEqual({
      mode: "subscription",
      line_items: [{ price: "price_1", quantity: "3" }, { price: "price_2" }],
      metadata: { userId: "u 1" },
      subscription_data: { metadata: { plan: "team" } },
      expand: ["subscription"],
    });
  });

  it("accepts empty-bracket arrays, percent-encoded brackets and plus signs", () => {
    const parsed = parseForm("expand[]=a&expand[]=b&lookup_keys%5B%5D=x&name=Ada+Lovelace");
    expect(parsed.expand).toEqual(["a", "b"]);
    expect(parsed.lookup_keys).toEqual(["x"]);
    expect(parsed.name).toBe("Ada Lovelace");
  });

  it("keeps numeric metadata keys as keys, and empty values as empty strings", () => {
    const parsed = parseForm("metadata[0]=zero&metadata[note]=&description=");
    expect(JSON.parse(JSON.stringify(parsed.metadata))).toEqual({ 0: "zero", note: "" });
    expect(parsed.description).toBe("");
  });

  it("treats prototype keys as plain data", () => {
    const parsed = parseForm("__proto__[polluted]=yes&metadata[constructor]=x");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(parsed)).toContain("__proto__");
  });

  it("rejects conflicting shapes and bad encoding", () => {
    expect(() => parseForm("a=1&a[b]=2")).toThrow(FormParseError);
    expect(() => parseForm("a[b]=2&a=1")).toThrow(FormParseError);
    expect(() => parseForm("a=%E0%A4%A")).toThrow(FormParseError);
    expect(() => parseForm("a[999999]=x")).toThrow(FormParseError);
  });

  it("gives the same fingerprint regardless of key order", () => {
    expect(canonicalForm(parseForm("a=1&b[c]=2"))).toBe(canonicalForm(parseForm("b[c]=2&a=1")));
    expect(canonicalForm(parseForm("a=1"))).not.toBe(canonicalForm(parseForm("a=2")));
  });
});
