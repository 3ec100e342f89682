import { type Failure, fail } from "@/lib/result";

/** Stripe being down or refusing is a sentence for the person and the detail for the log. */
export function stripeFailure(error: unknown, context: string): Failure {
  console.error(`[stripe] ${context} failed:`, error);
  return fail(
    "unavailable",
    "Our payment provider could not be reached. Nothing was changed; please try again in a moment.",
  );
}
