import { getDb } from "@/db/client";
import { handleStripeWebhook } from "@/features/billing/handle-stripe-webhook";
import { getStripe, webhookSecret } from "@/features/billing/stripe-client";

// Stripe's only way in: public by design, trusted only through the signature on the raw body.
export async function POST(request: Request): Promise<Response> {
  const stripe = getStripe();
  const secret = webhookSecret();
  if (!stripe || !secret) {
    return Response.json(
      { error: { code: "not_configured", message: "Billing is not configured." } },
      { status: 503 },
    );
  }
  const raw = await request.text();
  const answer = await handleStripeWebhook(
    await getDb(),
    stripe,
    secret,
    raw,
    request.headers.get("stripe-signature"),
  );
  return Response.json(answer.body, { status: answer.status });
}
