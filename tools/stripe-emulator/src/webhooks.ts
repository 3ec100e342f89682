// Webhook delivery: one worker sends events in the order they were created and
// retries failures with exponential backoff, as Stripe does (with much shorter
// delays). A delivery waiting for its retry does not hold back later events, so
// the receiver sees out-of-order delivery just like with real Stripe.
import { createHmac } from "node:crypto";
import { type ClientRequest, request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { newId } from "./store.js";
import type { StripeEvent } from "./types.js";

export interface DeliveryAttempt {
  attempted_at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface Delivery {
  id: string;
  event_id: string;
  event_type: string;
  url: string;
  status: "pending" | "succeeded" | "failed";
  attempts: DeliveryAttempt[];
  next_attempt_at: string | null;
  created_at: string;
}

interface WebhookSettings {
  url: string | undefined;
  secret: string;
  maxAttempts: number;
  backoffMs: number;
  timeoutMs: number;
}

interface Pending {
  delivery: Delivery;
  payload: string;
  secret: string;
  dueAt: number;
}

/** Computes Stripe's `Stripe-Signature` header for a payload. */
function signatureHeader(payload: string, secret: string, timestamp: number): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

const MAX_KEPT_DELIVERIES = 1000;

export class WebhookDispatcher {
  settings: WebhookSettings;
  private deliveries: Delivery[] = [];
  private queue: Pending[] = [];
  private busy = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private inflight: ClientRequest | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(settings: WebhookSettings) {
    this.settings = settings;
  }

  /** Number of endpoints an event will be sent to, for the event's `pending_webhooks`. */
  endpointCount(): number {
    return this.settings.url ? 1 : 0;
  }

  enqueue(event: StripeEvent): void {
    const url = this.settings.url;
    if (!url || this.closed) return;
    const delivery: Delivery = {
      id: newId("whdel"),
      event_id: event.id,
      event_type: event.type,
      url,
      status: "pending",
      attempts: [],
      next_attempt_at: new Date().toISOString(),
      created_at: new Date().toISOString(),
    };
    this.deliveries.push(delivery);
    if (this.deliveries.length > MAX_KEPT_DELIVERIES) {
      this.deliveries.splice(0, this.deliveries.length - MAX_KEPT_DELIVERIES);
    }
    // Stripe pretty-prints its payloads; matching that keeps receivers honest
    // about verifying the raw body rather than a re-serialised one.
    const payload = JSON.stringify(event, null, 2);
    this.queue.push({ delivery, payload, secret: this.settings.secret, dueAt: Date.now() });
    this.kick();
  }

  list(): Delivery[] {
    return this.deliveries.map((d) => structuredClone(d));
  }

  pendingCount(): number {
    return this.queue.length;
  }

  /** Resolves true once nothing is pending, or false when the timeout passes first. */
  flush(timeoutMs: number): Promise<boolean> {
    if (this.isIdle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = (): void => {
        clearTimeout(timeout);
        resolve(true);
      };
      const timeout = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.idleWaiters.push(waiter);
    });
  }

  reset(): void {
    this.queue = [];
    this.deliveries = [];
    this.notifyIfIdle();
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    if (this.timer) clearTimeout(this.timer);
    this.inflight?.destroy();
    this.busy = false;
    this.notifyIfIdle();
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && !this.busy;
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private kick(): void {
    if (this.busy || this.closed) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.queue.length === 0) {
      this.notifyIfIdle();
      return;
    }
    const now = Date.now();
    // The queue is in creation order, so the first due entry is the oldest.
    const next = this.queue.find((p) => p.dueAt <= now);
    if (!next) {
      const soonest = Math.min(...this.queue.map((p) => p.dueAt));
      this.timer = setTimeout(() => this.kick(), Math.max(0, soonest - now));
      this.timer.unref();
      return;
    }
    this.busy = true;
    void this.attempt(next).finally(() => {
      this.busy = false;
      this.kick();
    });
  }

  private async attempt(item: Pending): Promise<void> {
    const started = Date.now();
    const result = await this.send(item);
    if (this.closed || !this.queue.includes(item)) return;
    const { delivery } = item;
    delivery.attempts.push({
      attempted_at: new Date(started).toISOString(),
      status_code: result.status,
      error: result.error,
      duration_ms: Date.now() - started,
    });
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    if (ok || delivery.attempts.length >= this.settings.maxAttempts) {
      delivery.status = ok ? "succeeded" : "failed";
      delivery.next_attempt_at = null;
      this.queue = this.queue.filter((p) => p !== item);
      return;
    }
    const delay = this.settings.backoffMs * 2 ** (delivery.attempts.length - 1);
    item.dueAt = Date.now() + delay;
    delivery.next_attempt_at = new Date(item.dueAt).toISOString();
  }

  private send(item: Pending): Promise<{ status: number | null; error: string | null }> {
    return new Promise((resolve) => {
      let url: URL;
      try {
        url = new URL(item.delivery.url);
      } catch {
        resolve({ status: null, error: "invalid webhook URL" });
        return;
      }
      // Signed with wall-clock time, not the emulator's clock: the receiver
      // checks the timestamp against its own clock, and an advanced test clock
      // must not make every signature look stale.
      const timestamp = Math.floor(Date.now() / 1000);
      const body = Buffer.from(item.payload, "utf8");
      const send = url.protocol === "https:" ? httpsRequest : httpRequest;
      const req = send(url, {
        method: "POST",
        agent: false,
        timeout: this.settings.timeoutMs,
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Content-Length": String(body.length),
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "Stripe-Signature": signatureHeader(item.payload, item.secret, timestamp),
        },
      });
      this.inflight = req;
      const finish = (status: number | null, error: string | null): void => {
        if (this.inflight === req) this.inflight = undefined;
        resolve({ status, error });
      };
      req.on("response", (res) => {
        res.resume();
        res.on("end", () => finish(res.statusCode ?? null, null));
        res.on("error", (err) => finish(res.statusCode ?? null, err.message));
      });
      req.on("timeout", () => req.destroy(new Error(`timed out after ${this.settings.timeoutMs} ms`)));
      req.on("error", (err) => finish(null, err.message));
      req.end(body);
    });
  }
}
