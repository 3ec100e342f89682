"use client";

import { useState } from "react";
import { Button } from "@/ui/button";
import { FormMessage } from "@/ui/field";

type PlanOption = { key: string; name: string; price: string; interval: string };

/** Starts checkout for a plan key; the server decides the price and the return URLs. */
export function PlanPicker({ plans }: { plans: PlanOption[] }) {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function choose(plan: string) {
    setPending(plan);
    setError(null);
    try {
      const response = await fetch("/api/stripe/checkout", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ plan }),
      });
      const body = await response.json();
      if (response.ok && body.url) {
        window.location.assign(body.url);
        return;
      }
      setError(body.error?.message ?? "Checkout could not start. Please try again.");
    } catch {
      setError("Checkout could not start: the connection failed. Please try again.");
    }
    setPending(null);
  }
  return (
    <div className="space-y-3">
      <FormMessage>{error}</FormMessage>
      <ul className="grid gap-4 sm:grid-cols-2">
        {plans.map((plan) => (
          <li key={plan.key} className="rounded-lg border border-slate-200 bg-white p-5">
            <h2 className="font-medium">{plan.name}</h2>
            <p className="mt-1 text-2xl font-semibold">
              {plan.price}
              <span className="text-sm font-normal text-slate-600"> / {plan.interval}</span>
            </p>
            <Button className="mt-4 w-full" disabled={pending !== null} onClick={() => choose(plan.key)}>
              {pending === plan.key ? "Opening checkout…" : `Choose ${plan.name.toLowerCase()}`}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
