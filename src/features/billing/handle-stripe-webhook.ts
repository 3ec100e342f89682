import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { queryRows } from "@/db/query";
import { asSystem } from "@/db/rls";
import type { Database } from "@/db/types";
import { syncStripeCustomer } from "./sync-stripe-customer";

export const HANDLED_EVENTS = new Set([
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
]);

export type WebhookAnswer =
  | { status: 200; body: { received: true; duplicate?: true; ignored?: true } }
  | { status: 400; body: { error: { code: "invalid_signature"; message: string } } }
  | { status: 500; body: { error: { code: "processing_failed"; message: string } } };

function customerOf(event: Stripe.Event): string | null {
  const object = event.data.object as { customer?: string | { id: string } | null };
  const customer = object.customer;
  if (!customer) return null;
  return typeof customer === "string" ? customer : customer.id;
}

/**
 * The one webhook entry (SPEC §6): verify the signature on the raw body, record the event id, then one
 * convergent sync of the customer as Stripe has it now. The event is marked processed only after the
 * sync committed; any failure answers 500 so Stripe delivers it again.
 */
export async function handleStripeWebhook(
  db: Database,
  stripe: Stripe,
  secret: string,
  rawBody: string,
  signature: string | null,
): Promise<WebhookAnswer> {
  let event: Stripe.Event;
  try {
    if (!signature) throw new Error("missing Stripe-Signature header");
    event = stripe.webhooks.constructEvent(rawBody, signature, secret);
  } catch (error) {
    console.warn("[stripe] webhook refused:", (error as Error).message);
    return {
      status: 400,
      body: { error: { code: "invalid_signature", message: "The webhook signature is not valid." } },
    };
  }

  const handled = HANDLED_EVENTS.has(event.type);
  const customerId = customerOf(event);
  // Claims the event: a new id, or one whose earlier processing failed (or was abandoned mid-way).
  const claimed = await asSystem(db, "stripe webhook: record event", (tx) =>
    queryRows<{ status: string }>(
      tx,
      sql`insert into stripe_events (id, type, customer_id, payload, status)
          values (${event.id}, ${event.type}, ${customerId}, ${JSON.stringify(event)}::jsonb, ${handled ? "processing" : "ignored"})
          on conflict (id) do update set status = 'processing', attempts = stripe_events.attempts + 1, error = null
          where stripe_events.status = 'failed'
             or (stripe_events.status = 'processing' and stripe_events.received_at < now() - interval '5 minutes')
          returning status`,
    ),
  );
  if (claimed.length === 0) return { status: 200, body: { received: true, duplicate: true } };
  if (!handled) return { status: 200, body: { received: true, ignored: true } };

  try {
    if (customerId) await syncStripeCustomer(db, stripe, customerId);
    await asSystem(db, "stripe webhook: mark processed", (tx) =>
      tx.execute(
        sql`update stripe_events set status = 'processed', processed_at = now() where id = ${event.id}`,
      ),
    );
    return { status: 200, body: { received: true } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[stripe] processing ${event.id} (${event.type}) failed:`, error);
    await asSystem(db, "stripe webhook: mark failed", (tx) =>
      tx.execute(
        sql`update stripe_events set status = 'failed', error = ${message.slice(0, 1000)} where id = ${event.id}`,
      ),
    );
    return {
      status: 500,
      body: {
        error: {
          code: "processing_failed",
          message: "The event could not be processed; it will be retried.",
        },
      },
    };
  }
}
