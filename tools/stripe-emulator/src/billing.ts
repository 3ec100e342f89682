// The billing engine shared by Checkout, the API, hosted pages and the clock:
// starting subscriptions, invoicing, charging saved cards and ending
// subscriptions. Every state change here emits the event Stripe would.

import { type AcceptedCard, acceptCard, type CardInput, offSessionChargeSucceeds } from "./cards.js";
import { boundary } from "./clock.js";
import { invalidRequest } from "./errors.js";
import { listObject } from "./list.js";
import { mergeMetadata } from "./params.js";
import { planOf } from "./prices.js";
import { previousAttributes, type Runtime } from "./runtime.js";
import { newId, randomToken } from "./store.js";
import type {
  BillingReason,
  Customer,
  Invoice,
  InvoiceLineItem,
  InvoicePayment,
  Metadata,
  PaymentIntent,
  PaymentMethod,
  Price,
  Subscription,
  SubscriptionItem,
} from "./types.js";

export function formatAmount(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(
      amount / 100,
    );
  } catch {
    return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}

export function describePrice(rt: Runtime, price: Price): string {
  const product = rt.store.state.products[price.product];
  return product?.name ?? price.nickname ?? price.id;
}

export function attachCard(rt: Runtime, card: AcceptedCard, customer: Customer): PaymentMethod {
  const pm: PaymentMethod = {
    id: newId("pm", 24),
    object: "payment_method",
    billing_details: { address: null, email: customer.email, name: customer.name, phone: null },
    card: {
      brand: card.brand,
      country: "US",
      exp_month: card.expMonth,
      exp_year: card.expYear,
      fingerprint: card.fingerprint,
      funding: "credit",
      last4: card.last4,
    },
    created: rt.now(),
    customer: customer.id,
    livemode: false,
    metadata: {},
    type: "card",
  };
  rt.store.state.paymentMethods[pm.id] = pm;
  rt.store.track(pm.id);
  customer.invoice_settings.default_payment_method = pm.id;
  return pm;
}

/** Emits `customer.subscription.updated` with `previous_attributes` if `mutate` changed anything. */
export function changeSubscription(rt: Runtime, sub: Subscription, mutate: (s: Subscription) => void): void {
  const before = structuredClone(sub);
  mutate(sub);
  const prev = previousAttributes(before, sub);
  if (Object.keys(prev).length > 0) {
    rt.store.scheduleSave();
    rt.emit("customer.subscription.updated", sub, prev);
  }
}

export function setPeriod(sub: Subscription, start: number, end: number): void {
  sub.current_period_start = start;
  sub.current_period_end = end;
  for (const item of sub.items.data) {
    item.current_period_start = start;
    item.current_period_end = end;
  }
}

export function makeItem(
  rt: Runtime,
  subId: string,
  price: Price,
  quantity: number,
  start: number,
  end: number,
): SubscriptionItem {
  const item: SubscriptionItem = {
    id: newId("si", 14),
    object: "subscription_item",
    created: rt.now(),
    current_period_end: end,
    current_period_start: start,
    discounts: [],
    metadata: {},
    plan: planOf(price),
    price: structuredClone(price),
    quantity,
    subscription: subId,
    tax_rates: [],
  };
  return item;
}

export interface InvoiceLine {
  item: SubscriptionItem;
  /** The price billed, which for a proration credit is the item's price before the change. */
  price: Price;
  quantity: number;
  amount: number;
  period: { start: number; end: number };
  proration: boolean;
  description: string;
}

export function cycleLines(
  rt: Runtime,
  sub: Subscription,
  start: number,
  end: number,
  free = false,
): InvoiceLine[] {
  return sub.items.data.map((item) => ({
    item,
    price: item.price,
    quantity: item.quantity,
    amount: free ? 0 : item.price.unit_amount * item.quantity,
    period: { start, end },
    proration: false,
    description: `${item.quantity} × ${describePrice(rt, item.price)}${free ? " (free trial)" : ""}`,
  }));
}

/** Creates a finalized (open) invoice for a subscription; paying it is a separate step. */
export function createInvoice(
  rt: Runtime,
  sub: Subscription,
  reason: BillingReason,
  period: { start: number; end: number },
  lines: InvoiceLine[],
): Invoice {
  const customer = rt.store.state.customers[sub.customer];
  const id = newId("in", 24);
  const now = rt.now();
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  const sequence = customer ? customer.next_invoice_sequence : 1;
  if (customer) customer.next_invoice_sequence += 1;
  const lineItems: InvoiceLineItem[] = lines.map((l) => ({
    id: newId("il", 24),
    object: "line_item",
    amount: l.amount,
    currency: sub.currency,
    description: l.description,
    invoice: id,
    livemode: false,
    metadata: {},
    parent: {
      type: "subscription_item_details",
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: l.proration,
        proration_details: { credited_items: null },
        subscription: sub.id,
        subscription_item: l.item.id,
      },
    },
    period: l.period,
    pricing: {
      type: "price_details",
      price_details: { price: l.price.id, product: l.price.product },
      unit_amount_decimal: l.price.unit_amount_decimal,
    },
    quantity: l.quantity,
    subscription: sub.id,
  }));
  const invoice: Invoice = {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Stripe emulator",
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    billing_reason: reason,
    collection_method: "charge_automatically",
    created: now,
    currency: sub.currency,
    customer: sub.customer,
    customer_email: customer?.email ?? null,
    customer_name: customer?.name ?? null,
    default_payment_method: null,
    description: null,
    discounts: [],
    due_date: null,
    effective_at: now,
    ending_balance: 0,
    hosted_invoice_url: `${rt.baseUrl}/invoice/${id}`,
    invoice_pdf: null,
    lines: { ...listObject(lineItems, `/v1/invoices/${id}/lines`), total_count: lineItems.length },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: `${customer?.invoice_prefix ?? "EMULATOR"}-${String(sequence).padStart(4, "0")}`,
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { metadata: { ...sub.metadata }, subscription: sub.id },
    },
    period_end: period.end,
    period_start: period.start,
    starting_balance: 0,
    status: "open",
    status_transitions: { finalized_at: now, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subscription: sub.id,
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_excluding_tax: total,
    webhooks_delivered_at: null,
  };
  rt.store.state.invoices[id] = invoice;
  rt.store.track(id);
  return invoice;
}

/**
 * The payment behind a charged invoice, as Stripe records it: a succeeded
 * PaymentIntent and the InvoicePayment that links it to the invoice, so a
 * refund can name what it gives back.
 */
function recordPayment(rt: Runtime, invoice: Invoice, paymentMethodId: string | null): void {
  const now = rt.now();
  const intentId = newId("pi", 24);
  const intent: PaymentIntent = {
    id: intentId,
    object: "payment_intent",
    amount: invoice.amount_due,
    amount_capturable: 0,
    amount_received: invoice.amount_due,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic",
    client_secret: `${intentId}_secret_${randomToken(24)}`,
    confirmation_method: "automatic",
    created: now,
    currency: invoice.currency,
    customer: invoice.customer,
    description: `Payment for Invoice ${invoice.number}`,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: {},
    next_action: null,
    payment_method: paymentMethodId,
    payment_method_types: ["card"],
    status: "succeeded",
  };
  rt.store.state.paymentIntents[intentId] = intent;
  rt.store.track(intentId);
  const payment: InvoicePayment = {
    id: newId("inpay", 24),
    object: "invoice_payment",
    amount_paid: invoice.amount_due,
    amount_requested: invoice.amount_due,
    created: now,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: "payment_intent", payment_intent: intentId },
    status: "paid",
    status_transitions: { canceled_at: null, paid_at: now },
  };
  rt.store.state.invoicePayments[payment.id] = payment;
  rt.store.track(payment.id);
}

function markPaid(rt: Runtime, invoice: Invoice, paymentMethodId: string | null): void {
  // A zero invoice (a trial's first) is paid without any payment, as in Stripe.
  if (invoice.amount_due > 0) recordPayment(rt, invoice, paymentMethodId);
  invoice.status = "paid";
  invoice.attempted = invoice.amount_due > 0 || invoice.attempted;
  if (invoice.amount_due > 0) invoice.attempt_count += 1;
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = rt.now();
  rt.emit("invoice.paid", invoice);
}

/**
 * Charges an open invoice to a saved card as Stripe does at renewal, emitting
 * `invoice.paid` or `invoice.payment_failed`. Returns whether it was paid.
 */
export function chargeInvoice(rt: Runtime, invoice: Invoice, paymentMethodId: string | null): boolean {
  const pm = paymentMethodId ? rt.store.state.paymentMethods[paymentMethodId] : undefined;
  const succeeds = invoice.amount_due === 0 || (pm !== undefined && offSessionChargeSucceeds(pm.card.last4));
  if (succeeds) {
    markPaid(rt, invoice, pm?.id ?? null);
    return true;
  }
  invoice.attempted = true;
  invoice.attempt_count += 1;
  rt.emit("invoice.payment_failed", invoice);
  return false;
}

function openInvoicesOf(rt: Runtime, subId: string): Invoice[] {
  return Object.values(rt.store.state.invoices)
    .filter((inv) => inv.subscription === subId && inv.status === "open")
    .sort((a, b) => a.created - b.created);
}

/**
 * Open invoices that make a subscription `past_due`. The invoice of a pending
 * update is left out: its failure leaves the subscription's status alone, so it
 * must neither keep it `past_due` nor start dunning.
 */
export function owedInvoicesOf(rt: Runtime, sub: Subscription): Invoice[] {
  const pendingInvoice = sub.pending_update ? sub.latest_invoice : null;
  return openInvoicesOf(rt, sub.id).filter((inv) => inv.id !== pendingInvoice);
}

/**
 * `invoice.created` (as the draft it briefly is) and `invoice.finalized` for an
 * invoice raised by a subscription change, which Stripe finalizes at once.
 */
export function announceInvoice(rt: Runtime, invoice: Invoice): void {
  const draft = structuredClone(invoice);
  draft.status = "draft";
  draft.effective_at = null;
  draft.status_transitions.finalized_at = null;
  rt.emit("invoice.created", draft);
  rt.emit("invoice.finalized", invoice);
}

function voidInvoice(rt: Runtime, invoice: Invoice): void {
  invoice.status = "void";
  invoice.auto_advance = false;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.voided_at = rt.now();
  rt.emit("invoice.voided", invoice);
}

/**
 * Discards a subscription's pending update and voids the invoice it waited
 * for, as Stripe does at `expires_at` (and, in the emulator, whenever something
 * else would change the subscription under it: a new item change, a renewal,
 * the end of the subscription).
 *
 * While an update is pending, nothing else sets `latest_invoice` without first
 * expiring it, so `latest_invoice` is the pending update's invoice.
 */
export function expirePendingUpdate(rt: Runtime, sub: Subscription): void {
  if (!sub.pending_update) return;
  const invoice = sub.latest_invoice ? rt.store.state.invoices[sub.latest_invoice] : undefined;
  if (invoice?.status === "open") voidInvoice(rt, invoice);
  changeSubscription(rt, sub, (s) => {
    s.pending_update = null;
  });
  rt.emit("customer.subscription.pending_update_expired", sub);
}

/** Applies a pending update's changes to a subscription being changed; emits nothing itself. */
function applyPendingChanges(rt: Runtime, s: Subscription): void {
  const pending = s.pending_update;
  if (!pending) return;
  for (const changed of pending.subscription_items ?? []) {
    const index = s.items.data.findIndex((i) => i.id === changed.id);
    if (index === -1) s.items.data.push(structuredClone(changed));
    else s.items.data[index] = structuredClone(changed);
  }
  s.items.total_count = s.items.data.length;
  if (pending.metadata) s.metadata = mergeMetadata(s.metadata, pending.metadata);
  if (pending.cancel_at_period_end !== null) applyCancelAtPeriodEnd(rt, s, pending.cancel_at_period_end);
  s.pending_update = null;
}

interface StartSubscription {
  customer: Customer;
  lines: Array<{ price: Price; quantity: number }>;
  metadata: Metadata;
  trialPeriodDays: number | null;
  paymentMethod: PaymentMethod;
}

/** Starts a subscription paid on-session at Checkout: the first invoice is paid by the card just entered. */
export function startSubscription(
  rt: Runtime,
  input: StartSubscription,
): { subscription: Subscription; invoice: Invoice } {
  const now = rt.now();
  const first = input.lines[0];
  if (!first?.price.recurring) throw invalidRequest("A subscription needs a recurring price.", "line_items");
  const { interval, interval_count: count } = first.price.recurring;
  const trialEnd = input.trialPeriodDays ? now + input.trialPeriodDays * 86_400 : null;
  const periodEnd = trialEnd ?? boundary(now, interval, count, 1);
  const id = newId("sub", 24);
  const sub: Subscription = {
    id,
    object: "subscription",
    application: null,
    automatic_tax: { enabled: false, liability: null, disabled_reason: null },
    billing_cycle_anchor: trialEnd ?? now,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: "charge_automatically",
    created: now,
    currency: first.price.currency,
    current_period_end: periodEnd,
    current_period_start: now,
    customer: input.customer.id,
    days_until_due: null,
    default_payment_method: input.paymentMethod.id,
    description: null,
    discounts: [],
    ended_at: null,
    items: {
      ...listObject<SubscriptionItem>([], `/v1/subscription_items?subscription=${id}`),
      total_count: 0,
    },
    latest_invoice: null,
    livemode: false,
    metadata: { ...input.metadata },
    pause_collection: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: trialEnd ? "trialing" : "active",
    test_clock: null,
    trial_end: trialEnd,
    trial_start: trialEnd ? now : null,
  };
  sub.items.data = input.lines.map((l) => makeItem(rt, id, l.price, l.quantity, now, periodEnd));
  sub.items.total_count = sub.items.data.length;
  rt.store.state.subscriptions[id] = sub;
  rt.store.track(id);

  // Stripe's first invoice covers a zero-length period at creation; the line carries the billed period.
  const invoice = createInvoice(
    rt,
    sub,
    "subscription_create",
    { start: now, end: now },
    cycleLines(rt, sub, now, periodEnd, trialEnd !== null),
  );
  sub.latest_invoice = invoice.id;
  rt.emit("customer.subscription.created", sub);
  markPaid(rt, invoice, input.paymentMethod.id);
  return { subscription: sub, invoice };
}

/** Ends a subscription now (immediate cancel, dunning, or the end of a canceled period). */
export function endSubscription(
  rt: Runtime,
  sub: Subscription,
  reason: Subscription["cancellation_details"]["reason"],
  details: { comment?: string | null; feedback?: string | null } = {},
): void {
  // A change waiting for payment can no longer apply to an ended subscription.
  expirePendingUpdate(rt, sub);
  const now = rt.now();
  sub.status = "canceled";
  sub.ended_at = now;
  sub.canceled_at ??= now;
  sub.cancellation_details = {
    comment: details.comment ?? sub.cancellation_details.comment,
    feedback: details.feedback ?? sub.cancellation_details.feedback,
    reason: sub.cancellation_details.reason ?? reason,
  };
  rt.store.scheduleSave();
  rt.emit("customer.subscription.deleted", sub);
}

/** Sets or clears `cancel_at_period_end` on a subscription being changed; emits nothing itself. */
export function applyCancelAtPeriodEnd(rt: Runtime, s: Subscription, cancel: boolean): void {
  if (s.status === "canceled" || s.status === "incomplete_expired") {
    throw invalidRequest(
      "A canceled subscription can only update its cancellation_details and metadata.",
      "cancel_at_period_end",
    );
  }
  s.cancel_at_period_end = cancel;
  // Stripe records when the cancellation was requested, not when it takes effect.
  s.canceled_at = cancel ? rt.now() : null;
  s.cancel_at = cancel ? s.current_period_end : null;
  s.cancellation_details = {
    comment: cancel ? s.cancellation_details.comment : null,
    feedback: cancel ? s.cancellation_details.feedback : null,
    reason: cancel ? "cancellation_requested" : null,
  };
}

export function setCancelAtPeriodEnd(rt: Runtime, sub: Subscription, cancel: boolean): void {
  changeSubscription(rt, sub, (s) => applyCancelAtPeriodEnd(rt, s, cancel));
}

/**
 * Charges an invoice raised by a subscription change; a failed charge makes
 * the subscription `past_due`, as any failed off-session charge does.
 */
export function settleInvoice(rt: Runtime, sub: Subscription, invoice: Invoice): void {
  if (chargeInvoice(rt, invoice, sub.default_payment_method)) return;
  changeSubscription(rt, sub, (s) => {
    s.status = "past_due";
  });
}

/**
 * Pays an open invoice with a newly entered card (hosted invoice page), which
 * also becomes the subscription's card and lifts `past_due` once nothing is owed.
 */
export function payInvoiceWithCard(rt: Runtime, invoice: Invoice, input: CardInput): Invoice {
  if (invoice.status !== "open") {
    const message =
      invoice.status === "void"
        ? "This invoice is void and can no longer be paid."
        : "Invoice is already paid.";
    throw invalidRequest(message, "invoice", "invoice_not_open");
  }
  const card = acceptCard(input);
  const customer = rt.store.state.customers[invoice.customer];
  const sub = rt.store.state.subscriptions[invoice.subscription];
  if (!customer)
    throw invalidRequest(`No such customer: '${invoice.customer}'`, "customer", "resource_missing");
  const pm = attachCard(rt, card, customer);
  markPaid(rt, invoice, pm.id);
  if (sub && sub.status !== "canceled") {
    // Paying the invoice a pending update waits for is what applies it.
    const applying = sub.pending_update !== null && sub.latest_invoice === invoice.id;
    changeSubscription(rt, sub, (s) => {
      s.default_payment_method = pm.id;
      if (applying) applyPendingChanges(rt, s);
      if ((s.status === "past_due" || s.status === "unpaid") && owedInvoicesOf(rt, s).length === 0) {
        s.status = "active";
      }
    });
    if (applying) rt.emit("customer.subscription.pending_update_applied", sub);
  }
  return invoice;
}
