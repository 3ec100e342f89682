"use client";

import { useState, useTransition } from "react";
import { describeDrift, type ReconcileReport } from "@/features/billing/reconcile-billing";
import { Button } from "@/ui/button";
import { FormMessage } from "@/ui/field";
import { reconcileAction } from "./actions";

export function ReconcileButton() {
  const [report, setReport] = useState<ReconcileReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      <Button
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await reconcileAction();
            if (result.ok) setReport(result.report);
            else setError(result.message);
          })
        }
      >
        {pending ? "Reconciling…" : "Reconcile with Stripe"}
      </Button>
      <FormMessage>{error}</FormMessage>
      {report ? (
        <div role="status" className="rounded-md bg-slate-50 p-3 text-sm">
          <p>
            Checked {report.checked} {report.checked === 1 ? "customer" : "customers"} (accounts and teams):{" "}
            {report.changed.length} repaired, {report.failed.length} failed.
          </p>
          <ul className="mt-1 list-disc pl-5">
            {report.changed.map((c) => (
              <li key={c.userId ?? c.teamId}>{describeDrift(c)}</li>
            ))}
            {report.failed.map((f) => (
              <li key={f.customerId} className="text-red-700">
                {f.customerId}: {f.error}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
