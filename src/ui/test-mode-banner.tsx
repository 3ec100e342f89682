import { stripeMode } from "@/features/billing/stripe-client";

/** Says plainly when payments go to the local Stripe emulator. */
export function TestModeBanner() {
  if (stripeMode() !== "emulator") return null;
  return (
    <p
      role="note"
      className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
    >
      Test mode — no real payment. Payments go to the local Stripe emulator; use card 4242 4242 4242 4242.
    </p>
  );
}
