"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

const EVERY_MS = 2000;
const GIVE_UP_AFTER = 15;

/**
 * Back from checkout before Stripe's confirmation reached us: the page asks again every two seconds
 * (each refresh re-reads the synced state on the server) and says plainly if it takes longer.
 */
export function PaymentPending() {
  const router = useRouter();
  const [tries, setTries] = useState(0);
  useEffect(() => {
    if (tries >= GIVE_UP_AFTER) return;
    const timer = setTimeout(() => {
      router.refresh();
      setTries((n) => n + 1);
    }, EVERY_MS);
    return () => clearTimeout(timer);
  }, [router, tries]);
  return (
    <p
      role="status"
      className="rounded-md bg-blue-50 px-3 py-2 text-sm text-blue-900"
      data-testid="payment-pending"
    >
      {tries < GIVE_UP_AFTER
        ? "Thank you! We are confirming your payment with Stripe; this takes a few seconds."
        : "Stripe has not confirmed the payment yet. This page shows your plan as soon as it does; reload it in a minute."}
    </p>
  );
}
