// The shared context every handler works with: state, clock, event emission.
import { Clock, type TimeSource } from "./clock.js";
import { newId, type Store } from "./store.js";
import type { StripeEvent, StripeObject } from "./types.js";
import type { WebhookDispatcher } from "./webhooks.js";

/** Used for events when no request told us which version the client speaks. */
const DEFAULT_API_VERSION = "2026-10-28.endive";

export type DunningAction = "cancel" | "unpaid";

interface RuntimeSettings {
  dunningDays: number;
  dunningAction: DunningAction;
}

export class Runtime {
  readonly store: Store;
  readonly clock: Clock;
  readonly webhooks: WebhookDispatcher;
  readonly settings: RuntimeSettings;
  /** Where hosted pages live; known only once the server is listening. */
  baseUrl = "http://127.0.0.1";
  apiVersion = DEFAULT_API_VERSION;
  /** The API request being handled, recorded on the events it causes. */
  request: { id: string; idempotency_key: string | null } | null = null;
  /** Ids of events created since the last call to `takeEmitted`. */
  private emitted: string[] = [];

  constructor(store: Store, time: TimeSource, webhooks: WebhookDispatcher, settings: RuntimeSettings) {
    this.store = store;
    this.clock = new Clock(store, time);
    this.webhooks = webhooks;
    this.settings = settings;
  }

  now(): number {
    return this.clock.now();
  }

  /**
   * Records an event with a snapshot of `object` as it is at this moment, and
   * queues it for delivery.
   */
  emit(type: string, object: StripeObject, previousAttributes?: Record<string, unknown>): StripeEvent {
    const data: StripeEvent["data"] = { object: structuredClone(object) };
    if (previousAttributes && Object.keys(previousAttributes).length > 0) {
      data.previous_attributes = structuredClone(previousAttributes);
    }
    const event: StripeEvent = {
      id: newId("evt"),
      object: "event",
      api_version: this.apiVersion,
      created: this.now(),
      data,
      livemode: false,
      pending_webhooks: this.webhooks.endpointCount(),
      request: this.request ? { ...this.request } : { id: null, idempotency_key: null },
      type,
    };
    this.store.state.events[event.id] = event;
    this.store.track(event.id);
    this.emitted.push(event.id);
    this.webhooks.enqueue(event);
    this.store.scheduleSave();
    return event;
  }

  takeEmitted(): string[] {
    const out = this.emitted;
    this.emitted = [];
    return out;
  }
}

/** Top-level fields whose value changed, with their old values: Stripe's `previous_attributes`. */
export function previousAttributes(before: object, after: object): Record<string, unknown> {
  const prev: Record<string, unknown> = {};
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  for (const key of Object.keys(a)) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) prev[key] = a[key];
  }
  return prev;
}
