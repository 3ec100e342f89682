import type { Result } from "@/lib/result";
import type { DemoOutcome } from "./submit-demo-request";

const DEMO_THANKS = "Thank you! We received your request and will be in touch within one business day.";

/**
 * What a visitor is told: field errors for bad input, otherwise the same thank-you whether the request was
 * stored, attached to an earlier one, repeated, or quietly rejected as spam.
 */
export function demoAnswer(
  result: Result<DemoOutcome>,
): { ok: true; message: string } | Exclude<Result, { ok: true }> {
  if (!result.ok) return result;
  return { ok: true, message: DEMO_THANKS };
}
