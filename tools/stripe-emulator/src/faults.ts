// Injected failures, so the app's handling of an unavailable Stripe can be tested.
import { StripeApiError } from "./errors.js";

interface FaultRule {
  mode: "error" | "hang";
  status: number;
  remaining: number;
  pathPrefix: string | null;
  method: string | null;
}

export class FaultInjector {
  private rules: FaultRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push(rule);
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule matching this API request, consuming one of its uses. */
  take(method: string, path: string): FaultRule | undefined {
    const rule = this.rules.find(
      (r) =>
        (r.pathPrefix === null || path.startsWith(r.pathPrefix)) &&
        (r.method === null || r.method === method),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return { ...rule };
  }
}

/** The Stripe-shaped error for an injected status code. */
export function injectedError(status: number): StripeApiError {
  if (status === 429) {
    return new StripeApiError(
      429,
      "invalid_request_error",
      "Too many requests (Stripe emulator: injected failure).",
      {
        code: "rate_limit",
      },
    );
  }
  if (status >= 500) {
    return new StripeApiError(
      status,
      "api_error",
      "An unknown error occurred (Stripe emulator: injected failure).",
    );
  }
  return new StripeApiError(
    status,
    "invalid_request_error",
    "Request failed (Stripe emulator: injected failure).",
  );
}
