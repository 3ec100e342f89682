// Idempotency-Key handling: the first response for a key is kept and replayed
// for retries; reusing a key for a different request is an error, as in Stripe.
import { invalidRequest, StripeApiError } from "./errors.js";

interface SavedResponse {
  status: number;
  body: string;
}

interface Entry extends SavedResponse {
  endpoint: string;
  fingerprint: string;
  savedAt: number;
}

// Stripe keeps keys for 24 hours; a cap keeps a long dev session bounded,
// since the SDK sends a fresh key with every POST.
const TTL_MS = 24 * 60 * 60 * 1000;
const MAX_ENTRIES = 10_000;

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** The saved response for a retry, or undefined when the request is new. */
  lookup(key: string, endpoint: string, fingerprint: string): SavedResponse | undefined {
    if (key.length > 255) {
      throw invalidRequest("Idempotency keys can be at most 255 characters long.", "Idempotency-Key");
    }
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (Date.now() - entry.savedAt > TTL_MS) {
      this.entries.delete(key);
      return undefined;
    }
    if (entry.endpoint !== endpoint) {
      throw new StripeApiError(
        400,
        "idempotency_error",
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    if (entry.fingerprint !== fingerprint) {
      throw new StripeApiError(
        400,
        "idempotency_error",
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    return { status: entry.status, body: entry.body };
  }

  save(key: string, endpoint: string, fingerprint: string, response: SavedResponse): void {
    this.entries.set(key, { ...response, endpoint, fingerprint, savedAt: Date.now() });
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
