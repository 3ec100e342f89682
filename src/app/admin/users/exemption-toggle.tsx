"use client";

import { useState, useTransition } from "react";
import type { Result } from "@/lib/result";
import { Button } from "@/ui/button";
import { Switch } from "@/ui/switch";

type Props = {
  userId: string;
  exempt: boolean;
  reason: string | null;
  onChange: (input: { userId: string; exempt: boolean; reason?: string }) => Promise<Result>;
};

/**
 * Billing exemption needs a reason to turn on and a confirmation to turn off; the switch moves only when
 * the server confirms (turning it on cancels the Stripe subscription first, which may fail).
 */
export function ExemptionToggle({ userId, exempt, reason, onChange }: Props) {
  const [confirmed, setConfirmed] = useState({ exempt, reason });
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const submit = (next: boolean) =>
    startTransition(async () => {
      setError(null);
      const result = await onChange({ userId, exempt: next, reason: next ? draft : undefined });
      if (result.ok) {
        setConfirmed({ exempt: next, reason: next ? draft.trim() : null });
        setOpen(false);
        setDraft("");
      } else setError(result.fields?.reason ?? result.message);
    });
  const labelId = `exempt-${userId}`;
  return (
    <div className="py-3">
      <div className="flex items-start justify-between gap-4">
        <div>
          <p id={labelId} className="text-sm font-medium">
            Billing exempt
          </p>
          <p className="text-xs text-slate-500">
            {confirmed.exempt
              ? `Comped: ${confirmed.reason ?? "no reason recorded"}`
              : "Complimentary access without a subscription."}
          </p>
        </div>
        {/* The switch opens the confirmation below rather than flipping: each direction needs a step first. */}
        <Switch
          checked={confirmed.exempt}
          aria-labelledby={labelId}
          aria-expanded={open}
          pending={pending}
          onCheckedChange={() => setOpen(!open)}
        />
      </div>
      {open && !confirmed.exempt ? (
        <div className="mt-3 space-y-2 rounded-md bg-slate-50 p-3">
          <label htmlFor={`${labelId}-reason`} className="block text-sm font-medium">
            Why is this account comped?
          </label>
          <input
            id={`${labelId}-reason`}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            placeholder="For example: design partner"
          />
          <p className="text-xs text-slate-600">
            Any Stripe subscription of this account is canceled at once.
          </p>
          <Button type="button" disabled={pending} onClick={() => submit(true)}>
            {pending ? "Saving…" : "Make billing exempt"}
          </Button>
        </div>
      ) : null}
      {open && confirmed.exempt ? (
        <div className="mt-3 space-y-2 rounded-md bg-slate-50 p-3">
          <p className="text-sm">
            This account has no subscription, so its membership becomes inactive and they will be asked to
            upgrade.
          </p>
          <Button type="button" variant="danger" disabled={pending} onClick={() => submit(false)}>
            {pending ? "Saving…" : "End billing exemption"}
          </Button>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
