import { stripeMode } from "@/features/billing/stripe-client";

/**
 * A Stripe customer id, linked to Stripe's dashboard when payments go to Stripe. The local emulator has no
 * dashboard, so there the id is shown as text to look up in its API.
 */
export function StripeCustomerLink({ customerId }: { customerId: string | null }) {
  if (!customerId) return <span>—</span>;
  if (stripeMode() !== "live") return <code className="break-all text-xs">{customerId}</code>;
  return (
    <a
      className="break-all text-brand-700 underline"
      href={`https://dashboard.stripe.com/customers/${encodeURIComponent(customerId)}`}
      target="_blank"
      rel="noreferrer"
    >
      {customerId}
      <span className="sr-only"> (opens Stripe's dashboard)</span>
    </a>
  );
}
