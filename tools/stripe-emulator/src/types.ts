// Stripe-shaped objects as the emulator stores and returns them. References to
// other objects are stored as ids; `expand[]` swaps them for objects on the way
// out. Only the fields the emulator fills are typed; the rest of Stripe's
// schema is either omitted or a constant null. Each shape is checked against the
// official SDK's type at the end of this file.

import type Stripe from "stripe";

export type Metadata = Record<string, string>;

export interface ListObject<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
  total_count?: number;
}

export interface Customer {
  id: string;
  object: "customer";
  address: null;
  balance: number;
  created: number;
  currency: string | null;
  default_source: null;
  delinquent: boolean;
  description: string | null;
  email: string | null;
  invoice_prefix: string;
  invoice_settings: {
    custom_fields: null;
    default_payment_method: string | null;
    footer: null;
    rendering_options: null;
  };
  livemode: false;
  metadata: Metadata;
  name: string | null;
  next_invoice_sequence: number;
  phone: string | null;
  preferred_locales: string[];
  shipping: null;
  tax_exempt: "none";
  test_clock: null;
}

export interface Product {
  id: string;
  object: "product";
  active: boolean;
  created: number;
  default_price: string | null;
  description: string | null;
  images: string[];
  livemode: false;
  marketing_features: [];
  metadata: Metadata;
  name: string;
  package_dimensions: null;
  shippable: null;
  statement_descriptor: null;
  tax_code: null;
  type: "service";
  unit_label: null;
  updated: number;
  url: null;
}

export type Interval = "day" | "week" | "month" | "year";

export interface Recurring {
  interval: Interval;
  interval_count: number;
  meter: null;
  trial_period_days: null;
  usage_type: "licensed";
}

export interface Price {
  id: string;
  object: "price";
  active: boolean;
  billing_scheme: "per_unit";
  created: number;
  currency: string;
  custom_unit_amount: null;
  livemode: false;
  lookup_key: string | null;
  metadata: Metadata;
  nickname: string | null;
  product: string;
  recurring: Recurring | null;
  tax_behavior: "unspecified";
  tiers_mode: null;
  transform_quantity: null;
  type: "one_time" | "recurring";
  unit_amount: number;
  unit_amount_decimal: string;
}

export interface PaymentMethod {
  id: string;
  object: "payment_method";
  billing_details: { address: null; email: string | null; name: string | null; phone: null };
  card: {
    brand: string;
    country: "US";
    exp_month: number;
    exp_year: number;
    fingerprint: string;
    funding: "credit";
    last4: string;
  };
  created: number;
  customer: string | null;
  livemode: false;
  metadata: Metadata;
  type: "card";
}

export type CheckoutStatus = "open" | "complete" | "expired";

export interface CheckoutSession {
  id: string;
  object: "checkout.session";
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  customer: string | null;
  customer_creation: "always" | null;
  customer_details: { email: string | null; name: string | null } | null;
  customer_email: string | null;
  expires_at: number;
  invoice: string | null;
  livemode: false;
  metadata: Metadata;
  mode: "subscription";
  payment_intent: null;
  payment_method_types: string[];
  payment_status: "paid" | "unpaid" | "no_payment_required";
  status: CheckoutStatus;
  subscription: string | null;
  success_url: string;
  ui_mode: "hosted_page";
  url: string | null;
}

/** Stripe's `item` object, the element of a Checkout Session's `line_items`. */
export interface CheckoutLineItem {
  id: string;
  object: "item";
  amount_discount: number;
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  currency: string;
  description: string;
  price: Price;
  quantity: number;
}

export type SubscriptionStatus =
  | "trialing"
  | "active"
  | "past_due"
  | "unpaid"
  | "canceled"
  | "incomplete"
  | "incomplete_expired";

/** The legacy `plan` mirror of a recurring price that Stripe still embeds on items. */
export interface Plan {
  id: string;
  object: "plan";
  active: boolean;
  amount: number;
  amount_decimal: string;
  billing_scheme: "per_unit";
  created: number;
  currency: string;
  interval: Interval;
  interval_count: number;
  livemode: false;
  metadata: Metadata;
  nickname: string | null;
  product: string;
  tiers_mode: null;
  transform_usage: null;
  trial_period_days: null;
  usage_type: "licensed";
}

export interface SubscriptionItem {
  id: string;
  object: "subscription_item";
  created: number;
  current_period_end: number;
  current_period_start: number;
  discounts: string[];
  metadata: Metadata;
  plan: Plan;
  price: Price;
  quantity: number;
  subscription: string;
  tax_rates: [];
}

/**
 * A seat or price change waiting for its invoice to be paid
 * (`payment_behavior=pending_if_incomplete` when the charge failed).
 * Only the parts the emulator can defer are filled; the rest stay null.
 */
export interface PendingUpdate {
  billing_cycle_anchor: null;
  cancel_at_period_end: boolean | null;
  discount: null;
  discounts: null;
  expires_at: number;
  metadata: Metadata | null;
  /** The items the update adds or changes, as they will be once it applies. */
  subscription_items: SubscriptionItem[] | null;
  trial_end: null;
  trial_from_plan: null;
}

export interface Subscription {
  id: string;
  object: "subscription";
  application: null;
  automatic_tax: { enabled: false; liability: null; disabled_reason: null };
  billing_cycle_anchor: number;
  cancel_at: number | null;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  cancellation_details: {
    comment: string | null;
    feedback: string | null;
    reason: "cancellation_requested" | "payment_failed" | null;
  };
  collection_method: "charge_automatically";
  created: number;
  currency: string;
  // Older API versions read the period from the subscription itself; newer ones
  // from the items. Both are kept equal.
  current_period_end: number;
  current_period_start: number;
  customer: string;
  days_until_due: null;
  default_payment_method: string | null;
  description: string | null;
  discounts: string[];
  ended_at: number | null;
  items: ListObject<SubscriptionItem>;
  latest_invoice: string | null;
  livemode: false;
  metadata: Metadata;
  pause_collection: null;
  pending_update: PendingUpdate | null;
  schedule: null;
  start_date: number;
  status: SubscriptionStatus;
  test_clock: null;
  trial_end: number | null;
  trial_start: number | null;
}

export type InvoiceStatus = "draft" | "open" | "paid" | "uncollectible" | "void";
export type BillingReason = "subscription_create" | "subscription_cycle" | "subscription_update";

export interface InvoiceLineItem {
  id: string;
  object: "line_item";
  amount: number;
  currency: string;
  description: string;
  invoice: string;
  livemode: false;
  metadata: Metadata;
  parent: {
    type: "subscription_item_details";
    invoice_item_details: null;
    subscription_item_details: {
      invoice_item: null;
      proration: boolean;
      proration_details: { credited_items: null };
      subscription: string;
      subscription_item: string;
    };
  };
  period: { end: number; start: number };
  pricing: {
    type: "price_details";
    price_details: { price: string; product: string };
    unit_amount_decimal: string;
  };
  quantity: number;
  subscription: string;
}

export interface Invoice {
  id: string;
  object: "invoice";
  account_country: "US";
  account_name: string;
  amount_due: number;
  amount_overpaid: number;
  amount_paid: number;
  amount_remaining: number;
  amount_shipping: number;
  attempt_count: number;
  attempted: boolean;
  auto_advance: boolean;
  billing_reason: BillingReason;
  collection_method: "charge_automatically";
  created: number;
  currency: string;
  customer: string;
  customer_email: string | null;
  customer_name: string | null;
  default_payment_method: string | null;
  description: string | null;
  discounts: string[];
  due_date: null;
  effective_at: number | null;
  ending_balance: number;
  hosted_invoice_url: string;
  invoice_pdf: null;
  lines: ListObject<InvoiceLineItem>;
  livemode: false;
  metadata: Metadata;
  next_payment_attempt: number | null;
  number: string;
  parent: {
    type: "subscription_details";
    quote_details: null;
    subscription_details: { metadata: Metadata; subscription: string };
  };
  period_end: number;
  period_start: number;
  starting_balance: number;
  status: InvoiceStatus;
  status_transitions: {
    finalized_at: number | null;
    marked_uncollectible_at: number | null;
    paid_at: number | null;
    voided_at: number | null;
  };
  // Removed from the object in newer API versions but still read by older code.
  subscription: string;
  subtotal: number;
  subtotal_excluding_tax: number;
  test_clock: null;
  total: number;
  total_excluding_tax: number;
  webhooks_delivered_at: number | null;
}

/**
 * What charged a paid invoice. Stripe makes one per successful charge; the
 * emulator keeps only the fields a refund and the invoice's payment list need.
 */
export interface PaymentIntent {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_capturable: number;
  amount_received: number;
  canceled_at: null;
  cancellation_reason: null;
  capture_method: "automatic";
  client_secret: string;
  confirmation_method: "automatic";
  created: number;
  currency: string;
  customer: string;
  description: string | null;
  last_payment_error: null;
  latest_charge: null;
  livemode: false;
  metadata: Metadata;
  next_action: null;
  payment_method: string | null;
  payment_method_types: string[];
  status: "succeeded";
}

/** The link between an invoice and the payment that paid it (`GET /v1/invoice_payments`). */
export interface InvoicePayment {
  id: string;
  object: "invoice_payment";
  amount_paid: number | null;
  amount_requested: number;
  created: number;
  currency: string;
  invoice: string;
  is_default: boolean;
  livemode: false;
  payment: { type: "payment_intent"; payment_intent: string };
  status: "paid";
  status_transitions: { canceled_at: number | null; paid_at: number | null };
}

export type RefundReason = "duplicate" | "fraudulent" | "requested_by_customer";

export interface Refund {
  id: string;
  object: "refund";
  amount: number;
  balance_transaction: null;
  charge: null;
  created: number;
  currency: string;
  metadata: Metadata;
  payment_intent: string;
  payment_method: string | null;
  reason: RefundReason | null;
  receipt_number: null;
  source_transfer_reversal: null;
  status: "succeeded";
  transfer_reversal: null;
}

export interface PortalSession {
  id: string;
  object: "billing_portal.session";
  configuration: string;
  created: number;
  customer: string;
  flow: null;
  livemode: false;
  locale: null;
  on_behalf_of: null;
  return_url: string | null;
  url: string;
}

export interface StripeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export type StripeObject =
  | Customer
  | Product
  | Price
  | PaymentMethod
  | CheckoutSession
  | Subscription
  | SubscriptionItem
  | Invoice
  | PaymentIntent
  | InvoicePayment
  | Refund
  | PortalSession;

// ---------------------------------------------------------------------------
// Compile-time agreement with the official SDK's types. The emulator fills only
// some of Stripe's fields, but each one it fills must have the type the SDK
// gives it, so the app's code cannot be typed against one shape and be served
// another. A type-only import: nothing of the SDK is loaded at run time.
// ---------------------------------------------------------------------------

/**
 * The SDK's type with every field optional, all the way down. An id stands where Stripe allows an
 * expandable object, which the SDK's own unions (`string | Stripe.Customer`) already admit.
 */
type Loose<T> = T extends readonly (infer U)[]
  ? Loose<U>[]
  : T extends object
    ? { [K in keyof T]?: Loose<T[K]> }
    : T;

/**
 * `Ours`, once tsc has checked that each of its fields has the SDK's type (`Loose<Theirs>`) and that it
 * has no top-level field the SDK does not know, except the older API versions' fields named in `Legacy`.
 */
type Conforms<
  Ours extends Loose<Theirs> & { [K in Exclude<keyof Ours, keyof Theirs | Legacy>]: never },
  Theirs,
  Legacy extends PropertyKey = never,
> = Ours;

/**
 * Read by tsc only, never imported: compiling it is the check.
 * @public
 */
export type SdkConformance = [
  Conforms<Customer, Stripe.Customer>,
  Conforms<Product, Stripe.Product>,
  Conforms<Price, Stripe.Price>,
  Conforms<Plan, Stripe.Plan>,
  Conforms<PaymentMethod, Stripe.PaymentMethod>,
  Conforms<CheckoutSession, Stripe.Checkout.Session>,
  Conforms<CheckoutLineItem, Stripe.LineItem>,
  Conforms<Subscription, Stripe.Subscription, "current_period_end" | "current_period_start">,
  Conforms<SubscriptionItem, Stripe.SubscriptionItem>,
  Conforms<PendingUpdate, Stripe.Subscription.PendingUpdate>,
  Conforms<Invoice, Stripe.Invoice, "subscription">,
  Conforms<InvoiceLineItem, Stripe.InvoiceLineItem>,
  Conforms<PaymentIntent, Stripe.PaymentIntent>,
  Conforms<InvoicePayment, Stripe.InvoicePayment>,
  Conforms<Refund, Stripe.Refund>,
  Conforms<PortalSession, Stripe.BillingPortal.Session>,
  Conforms<ListObject<Customer>, Stripe.ApiList<Stripe.Customer>, "total_count">,
  Conforms<Omit<StripeEvent, "type">, Stripe.EventBase>,
];
