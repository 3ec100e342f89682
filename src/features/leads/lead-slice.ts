import { z } from "zod";
import { LOSS_REASONS } from "./options";

// A slice of the leads the dashboard counted (SPEC §3: every number opens the leads behind it, with the
// same total). It narrows the lead table's view (owner, status, search) further; every condition is one
// the dashboard's numbers are defined by, so the list and the number count the same set. Bad values in a
// shared URL are dropped, never an error.

/** The pipeline stages in order; a lead's highest_stage is the index of the furthest it ever reached. */
export const PIPELINE_STAGES = ["new", "contacted", "qualified", "converted", "closed_won"] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** Time-to-first-contact groups (cohort): answered within 1 h / 24 h, answered at all, still waiting. */
export const CONTACT_SLICES = ["within_1h", "within_24h", "answered", "waiting"] as const;
export type ContactSlice = (typeof CONTACT_SLICES)[number];

// An instant is an ISO 8601 date-time with its offset ("2026-11-01T00:00:00.000Z", what leadSliceParams
// writes). Anything else is dropped: `new Date()` would also read "1" (2001) or a time without offset (in
// the server's own zone), and a year PostgreSQL cannot store would fail the query. A "+" offset that came
// through a URL unencoded (read as a space) is taken as "+".
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const instant = z
  .unknown()
  .optional()
  .transform((v) => {
    if (typeof v !== "string") return undefined;
    const text = v.trim().replace(/ (\d{2}:?\d{2})$/, "+$1");
    if (text.length > 40 || !ISO_INSTANT.test(text)) return undefined;
    const [year, month, day] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
    const calendar = new Date(Date.UTC(year, month - 1, day));
    if (year < 1000 || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day)
      return undefined;
    const d = new Date(text);
    return Number.isNaN(d.getTime()) || d.getUTCFullYear() > 9999 ? undefined : d;
  });
const userRef = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === "string" && /^[\w-]{1,100}$/.test(v) ? v : undefined));
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.enum(values).optional()).catch(undefined);

export const leadSliceSchema = z.object({
  /** Submitted at or after (cohort start). */
  from: instant,
  /** Submitted before (cohort end, exclusive). */
  to: instant,
  /** Reached at least this stage (highest_stage ≥ its index). */
  stage: oneOf(PIPELINE_STAGES),
  /** Not closed now (owned-and-open counts: "open now"). */
  open: z
    .unknown()
    .optional()
    .transform((v) => v === "1" || v === true),
  lossReason: oneOf(LOSS_REASONS),
  contact: oneOf(CONTACT_SLICES),
  /** Won in [wonFrom, wonTo) by wonBy ("none": nobody owned it when it was won). */
  wonFrom: instant,
  wonTo: instant,
  wonBy: userRef,
  /** Claimed (a claim entry in the timeline) in [claimedFrom, claimedTo) by claimedBy. */
  claimedFrom: instant,
  claimedTo: instant,
  claimedBy: userRef,
  /** The account that came from the lead brings in recurring revenue now. */
  revenue: z
    .unknown()
    .optional()
    .transform((v) => v === "1" || v === true),
  /** …in this currency (ISO 4217, lower case, as Stripe writes it). */
  revenueIn: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === "string" && /^[a-z]{3}$/.test(v) ? v : undefined)),
});

export type LeadSlice = z.output<typeof leadSliceSchema>;

export const SLICE_KEYS = Object.keys(leadSliceSchema.shape) as (keyof LeadSlice)[];

/** No slice: the plain lead table (every condition unset). */
export const emptySlice = (): LeadSlice => leadSliceSchema.parse({});

/** Whether the slice narrows anything (the plain lead table otherwise). */
export function hasSlice(slice: LeadSlice): boolean {
  return SLICE_KEYS.some((key) => {
    const value = slice[key];
    return value !== undefined && value !== false;
  });
}

/** The slice as URL parameters (set ones only), to append to a lead view's query. */
export function leadSliceParams(slice: Partial<LeadSlice>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of SLICE_KEYS) {
    const value = slice[key];
    if (value === undefined || value === false) continue;
    params.set(key, value instanceof Date ? value.toISOString() : value === true ? "1" : String(value));
  }
  return params;
}
