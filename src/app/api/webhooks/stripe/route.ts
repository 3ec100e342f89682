import { toResponse } from "@/server/http";
import { stripeWebhookOperation } from "@/server/operations/billing";

// Stripe's only way in: public by design, trusted only through the signature on the raw body.
export async function POST(request: Request): Promise<Response> {
  const result = await stripeWebhookOperation(request.headers, {
    payload: await request.text(),
    signature: request.headers.get("stripe-signature"),
  });
  if (!result.ok) return toResponse(result);
  return Response.json(result.answer.body, { status: result.answer.status });
}
