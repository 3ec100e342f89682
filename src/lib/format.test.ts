import { describe, expect, it } from "vitest";
import { formatCount, formatMoney, formatterFor, isTimeZone } from "./format";

describe("formatting in the app's time zone", () => {
  const moment = new Date("2026-03-29T00:30:00Z");

  it("shows a moment in UTC by default, saying so", () => {
    expect(formatterFor("UTC").dateTime(moment)).toBe("Mar 29, 2026, 12:30 AM UTC");
  });

  it("shows the same moment in another zone with that zone's name, across a daylight-saving change", () => {
    const berlin = formatterFor("Europe/Berlin");
    expect(berlin.dateTime(moment)).toBe("Mar 29, 2026, 1:30 AM GMT+1");
    expect(berlin.dateTime(new Date("2026-03-29T01:30:00Z"))).toBe("Mar 29, 2026, 3:30 AM GMT+2");
  });

  it("gives a moment seen before the same text, per zone, however many moments came between", () => {
    const utc = formatterFor("UTC");
    const tokyo = formatterFor("Asia/Tokyo");
    const start = Date.UTC(2026, 0, 1);
    const first = utc.dateTime(new Date(start));
    expect(tokyo.dateTime(new Date(start))).toBe("Jan 1, 2026, 9:00 AM GMT+9");
    for (let i = 1; i <= 12_000; i++) utc.dateTime(new Date(start + i * 61_000));
    expect(utc.dateTime(new Date(start))).toBe(first);
    expect(utc.dateTime(new Date(start).toISOString())).toBe("Jan 1, 2026, 12:00 AM UTC");
    expect(utc.dateTime(new Date(start + 12_000 * 61_000))).toBe("Jan 9, 2026, 11:20 AM UTC");
  });

  it("puts a date on the calendar day of the app's zone, not the server's", () => {
    const late = new Date("2026-12-31T23:30:00Z");
    expect(formatterFor("UTC").date(late)).toBe("Dec 31, 2026");
    expect(formatterFor("Asia/Tokyo").date(late)).toBe("Jan 1, 2027");
    expect(formatterFor("America/New_York").longDate(late)).toBe("December 31, 2026");
  });

  it("knows which zone names exist", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });

  it("formats money from the smallest unit and counts with separators", () => {
    expect(formatMoney(2900, "usd")).toBe("$29.00");
    expect(formatMoney(24000, "eur")).toBe("€240.00");
    expect(formatCount(1234567)).toBe("1,234,567");
  });
});
