import { z } from "zod";
import { COMPANY_SIZES, DECISION_TIMELINES, INTERESTS, PREFERRED_CONTACTS } from "./options";

// The one schema for a demo request: the /demo form checks it in the browser, the server checks it again.

// Control characters have no place in what a person types (PostgreSQL cannot even store a NUL byte); line
// breaks and tabs are what they type in a longer answer.
const CONTROL = /[\p{Cc}]/u;
const typed = (v: string) => !CONTROL.test(v.replace(/[\n\r\t]/g, ""));
const TYPED_MESSAGE = "Remove the invisible control characters from this field.";

/** Empty or whitespace-only text is "not given". */
const optionalText = (max: number, message: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.string().trim().max(max, message).refine(typed, TYPED_MESSAGE).optional(),
  );

const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), z.enum(values, message).optional());

/** Phone numbers count digits after removing spaces, dashes, parentheses and a leading +. */
const phoneDigits = (phone: string) =>
  phone
    .trim()
    .replace(/^\+/, "")
    .replace(/[\s\-()]/g, "");

export const demoRequestSchema = z
  .object({
    name: z
      .string("Enter your full name.")
      .trim()
      .min(1, "Enter your full name.")
      .max(200, "Use at most 200 characters for your name.")
      .refine(typed, TYPED_MESSAGE),
    email: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z
        .string()
        .trim()
        .max(254, "That email address is too long.")
        .pipe(z.email("Enter a valid email address, like name@example.com."))
        .transform((v) => v.toLowerCase())
        .optional(),
    ),
    phone: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z
        .string()
        .trim()
        .refine((v) => /^\d{7,20}$/.test(phoneDigits(v)), "Enter a phone number of 7 to 20 digits.")
        .optional(),
    ),
    preferredContact: z.preprocess(
      (v) => (v === "" || v === null || v === undefined ? "either" : v),
      z.enum(PREFERRED_CONTACTS, "Choose email, phone or either."),
    ),
    jobTitle: optionalText(200, "Use at most 200 characters for your job title."),
    company: optionalText(200, "Use at most 200 characters for the company name."),
    companySize: optionalChoice(COMPANY_SIZES, "Choose a company size from the list."),
    interests: z.preprocess(
      (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]),
      z
        .array(z.enum(INTERESTS, "Choose interests from the list."))
        .max(INTERESTS.length, "Choose interests from the list.")
        .transform((list) => [...new Set(list)]),
    ),
    timeline: optionalChoice(DECISION_TIMELINES, "Choose a decision timeline from the list."),
    problems: optionalText(5000, "Use at most 5,000 characters here."),
  })
  .superRefine((value, ctx) => {
    if (!value.email && !value.phone) {
      const message = "Give an email address or a phone number.";
      ctx.addIssue({ code: "custom", path: ["email"], message });
      ctx.addIssue({ code: "custom", path: ["phone"], message });
    }
    if (value.preferredContact === "email" && !value.email && value.phone) {
      ctx.addIssue({
        code: "custom",
        path: ["email"],
        message: "Add an email address to be contacted by email.",
      });
    }
    if (value.preferredContact === "phone" && !value.phone && value.email) {
      ctx.addIssue({
        code: "custom",
        path: ["phone"],
        message: "Add a phone number to be contacted by phone.",
      });
    }
  });

export type DemoRequest = z.output<typeof demoRequestSchema>;

/**
 * Where the visitor came from, recorded with the submission (never validated as input errors: a value
 * that is too long or carries control characters is simply not recorded).
 */
export const demoOriginSchema = z.object({
  utmSource: z.string().trim().max(200).refine(typed).optional().catch(undefined),
  utmMedium: z.string().trim().max(200).refine(typed).optional().catch(undefined),
  utmCampaign: z.string().trim().max(200).refine(typed).optional().catch(undefined),
  utmTerm: z.string().trim().max(200).refine(typed).optional().catch(undefined),
  utmContent: z.string().trim().max(200).refine(typed).optional().catch(undefined),
  referrer: z.string().trim().max(2000).refine(typed).optional().catch(undefined),
});
export type DemoOrigin = z.output<typeof demoOriginSchema>;

/** Names of the hidden fields: the signed form token and the honeypot (a field people never see). */
export const DEMO_TOKEN_FIELD = "formToken";
export const DEMO_HONEYPOT_FIELD = "website";
