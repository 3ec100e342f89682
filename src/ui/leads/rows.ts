import type { LeadRow } from "@/features/leads/list-leads";
import type { LeadStatus } from "@/features/leads/options";

/** A row of the lead table as the table uses it (the detail loads the rest when a row is opened). */
export type TableRow = {
  id: string;
  name: string;
  email: string | null;
  /** Shown under the name only when the lead has no email. */
  phone: string | null;
  company: string | null;
  status: LeadStatus;
  ownerId: string | null;
  ownerName: string | null;
  version: number;
  submissionCount: number;
  /** Epoch milliseconds. */
  createdAt: number;
};

/**
 * The rows as the page hands them to the client table: one array per row instead of an object with named
 * keys. The page inlines every prop of a client component into its HTML (the RSC payload), so 25 rows of
 * repeated key names and ISO dates were a sixth of the page.
 */
export type PackedRow = [
  id: string,
  name: string,
  email: string | null,
  phone: string | null,
  company: string | null,
  status: LeadStatus,
  ownerId: string | null,
  ownerName: string | null,
  version: number,
  submissionCount: number,
  createdAt: number,
];

export const packRows = (rows: LeadRow[]): PackedRow[] =>
  rows.map((r) => [
    r.id,
    r.name,
    r.email,
    r.email ? null : r.phone,
    r.company,
    r.status,
    r.ownerId,
    r.ownerName,
    r.version,
    r.submissionCount,
    r.createdAt.getTime(),
  ]);

export const unpackRows = (rows: PackedRow[]): TableRow[] =>
  rows.map(
    ([id, name, email, phone, company, status, ownerId, ownerName, version, submissionCount, createdAt]) => ({
      id,
      name,
      email,
      phone,
      company,
      status,
      ownerId,
      ownerName,
      version,
      submissionCount,
      createdAt,
    }),
  );
