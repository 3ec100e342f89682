import { describe, expect, it } from "vitest";
import type { LeadRow } from "@/features/leads/list-leads";
import { packRows, unpackRows } from "./rows";

const row: LeadRow = {
  id: "2f1c0d6e-4a58-4c43-9a57-0e3b1b7e9a10",
  name: "Dana Okafor",
  email: "dana@example.test",
  phone: "+1 555 0100",
  company: "Acme",
  status: "contacted",
  ownerId: "u1",
  ownerName: "Sam Seller",
  version: 3,
  submissionCount: 2,
  createdAt: new Date("2026-11-30T10:00:00.000Z"),
  lastActivityAt: new Date("2026-12-01T10:00:00.000Z"),
};

describe("the rows the page hands the client table", () => {
  it("arrive with everything the table shows and acts on", () => {
    const [table] = unpackRows(packRows([row]));
    expect(table).toEqual({
      id: row.id,
      name: row.name,
      email: row.email,
      // Shown only when there is no email, so not sent when there is one.
      phone: null,
      company: row.company,
      status: row.status,
      ownerId: row.ownerId,
      ownerName: row.ownerName,
      version: row.version,
      submissionCount: row.submissionCount,
      createdAt: row.createdAt.getTime(),
    });
  });

  it("keep the phone of a lead without an email, and an open lead's empty owner", () => {
    const [table] = unpackRows(packRows([{ ...row, email: null, ownerId: null, ownerName: null }]));
    expect(table).toMatchObject({ email: null, phone: row.phone, ownerId: null, ownerName: null });
  });
});
