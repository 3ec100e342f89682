"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, ButtonLink } from "@/ui/button";
import { FormMessage } from "@/ui/field";

type Props = {
  hasCustomer: boolean;
  hasSubscription: boolean;
  cancelAtPeriodEnd: boolean;
  canUpgrade: boolean;
};

/** Portal, cancel and resume: each waits for the server and shows its answer, never a guess. */
export function BillingActions({ hasCustomer, hasSubscription, cancelAtPeriodEnd, canUpgrade }: Props) {
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function call(path: "portal" | "cancel" | "resume") {
    setPending(path);
    setError(null);
    try {
      const response = await fetch(`/api/stripe/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      const body = await response.json();
      if (!response.ok) setError(body.error?.message ?? "That did not work. Please try again.");
      else if (path === "portal" && body.url) return window.location.assign(body.url);
      else router.refresh();
    } catch {
      setError("The connection failed. Please try again.");
    }
    setPending(null);
  }
  return (
    <div className="space-y-3">
      <FormMessage>{error}</FormMessage>
      <div className="flex flex-wrap gap-3">
        {canUpgrade ? <ButtonLink href="/upgrade">Choose a plan</ButtonLink> : null}
        {hasCustomer ? (
          <Button variant="secondary" disabled={pending !== null} onClick={() => call("portal")}>
            {pending === "portal" ? "Opening…" : "Customer portal"}
          </Button>
        ) : null}
        {hasSubscription && !cancelAtPeriodEnd ? (
          <Button variant="secondary" disabled={pending !== null} onClick={() => call("cancel")}>
            {pending === "cancel" ? "Canceling…" : "Cancel at period end"}
          </Button>
        ) : null}
        {hasSubscription && cancelAtPeriodEnd ? (
          <Button disabled={pending !== null} onClick={() => call("resume")}>
            {pending === "resume" ? "Resuming…" : "Resume subscription"}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
