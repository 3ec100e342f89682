// What paid an invoice and what was given back: PaymentIntents (read only; the
// billing engine makes them when it charges), InvoicePayments, and Refunds of a
// PaymentIntent.
import { formatAmount } from "./billing.js";
import { invalidRequest, missingReference, notFound } from "./errors.js";
import { LIST_PARAMS, paginate } from "./list.js";
import { initialMetadata } from "./params.js";
import type { ApiRequest, ApiResponse, RouteDef } from "./router.js";
import type { Runtime } from "./runtime.js";
import { newId } from "./store.js";
import type { PaymentIntent, Refund, RefundReason } from "./types.js";

const REFUND_REASONS: readonly RefundReason[] = ["duplicate", "fraudulent", "requested_by_customer"];

function getPaymentIntent(rt: Runtime, id: string): PaymentIntent {
  const intent = rt.store.state.paymentIntents[id];
  if (!intent) throw notFound("payment_intent", id);
  return intent;
}

/** What is left to refund on a payment: what it received less every refund so far. */
function refundable(rt: Runtime, intent: PaymentIntent): number {
  const refunded = Object.values(rt.store.state.refunds)
    .filter((r) => r.payment_intent === intent.id)
    .reduce((sum, r) => sum + r.amount, 0);
  return intent.amount_received - refunded;
}

function retrievePaymentIntent({ rt, pathParams }: ApiRequest): ApiResponse {
  return { body: getPaymentIntent(rt, pathParams.id ?? "") };
}

function listInvoicePayments({ rt, params }: ApiRequest): ApiResponse {
  params.allowOnly([...LIST_PARAMS, "invoice", "status", "payment"]);
  const invoice = params.string("invoice");
  const status = params.oneOf("status", ["canceled", "open", "paid"]);
  const payment = params.object("payment");
  payment?.allowOnly(["type", "payment_intent", "payment_record"]);
  payment?.oneOf("type", ["payment_intent", "payment_record"]);
  const intent = payment?.string("payment_intent");
  const items = Object.values(rt.store.state.invoicePayments).filter(
    (p) =>
      (invoice === undefined || p.invoice === invoice) &&
      (status === undefined || p.status === status) &&
      (intent === undefined || p.payment.payment_intent === intent),
  );
  return { body: paginate(rt.store, items, params, "/v1/invoice_payments") };
}

function retrieveInvoicePayment({ rt, pathParams }: ApiRequest): ApiResponse {
  const id = pathParams.id ?? "";
  const payment = rt.store.state.invoicePayments[id];
  if (!payment) throw notFound("invoice_payment", id);
  return { body: payment };
}

function createRefund({ rt, params }: ApiRequest): ApiResponse {
  params.allowOnly(["payment_intent", "charge", "amount", "reason", "metadata"]);
  if (params.has("charge")) {
    throw invalidRequest(
      "The Stripe emulator refunds payment intents only; pass payment_intent instead of charge.",
      "charge",
    );
  }
  const intentId = params.string("payment_intent");
  if (intentId === undefined) {
    throw invalidRequest(
      "One of the following params should be provided for this request: payment_intent or charge.",
    );
  }
  const reason = params.oneOf("reason", REFUND_REASONS) ?? null;
  const intent = rt.store.state.paymentIntents[intentId];
  if (!intent) throw missingReference("payment_intent", intentId, "payment_intent");
  const left = refundable(rt, intent);
  if (left <= 0) {
    throw invalidRequest(
      `Charge for ${intent.id} has already been refunded.`,
      undefined,
      "charge_already_refunded",
    );
  }
  const amount = params.int("amount", 1) ?? left;
  if (amount > left) {
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, intent.currency)}) is greater than unrefunded amount on charge (${formatAmount(left, intent.currency)})`,
      "amount",
    );
  }
  const refund: Refund = {
    id: newId("re", 24),
    object: "refund",
    amount,
    balance_transaction: null,
    charge: null,
    created: rt.now(),
    currency: intent.currency,
    metadata: initialMetadata(params.metadata()),
    payment_intent: intent.id,
    payment_method: intent.payment_method,
    reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
  rt.store.state.refunds[refund.id] = refund;
  rt.store.track(refund.id);
  rt.emit("refund.created", refund);
  return { body: refund };
}

function listRefunds({ rt, params }: ApiRequest): ApiResponse {
  params.allowOnly([...LIST_PARAMS, "payment_intent", "charge"]);
  const intent = params.string("payment_intent");
  // No refund here names a charge, so a charge filter matches nothing.
  const charge = params.string("charge");
  const items = Object.values(rt.store.state.refunds).filter(
    (r) => charge === undefined && (intent === undefined || r.payment_intent === intent),
  );
  return { body: paginate(rt.store, items, params, "/v1/refunds") };
}

function retrieveRefund({ rt, pathParams }: ApiRequest): ApiResponse {
  const id = pathParams.id ?? "";
  const refund = rt.store.state.refunds[id];
  if (!refund) throw notFound("refund", id);
  return { body: refund };
}

export const paymentRoutes: RouteDef[] = [
  ["GET", "/v1/payment_intents/:id", retrievePaymentIntent],
  ["GET", "/v1/invoice_payments", listInvoicePayments],
  ["GET", "/v1/invoice_payments/:id", retrieveInvoicePayment],
  ["POST", "/v1/refunds", createRefund],
  ["GET", "/v1/refunds", listRefunds],
  ["GET", "/v1/refunds/:id", retrieveRefund],
];
