"use client";

import { useId, useState, useTransition } from "react";
import type { Result } from "@/lib/result";
import { Switch } from "@/ui/switch";

/**
 * A switch that shows only what the server confirmed: it waits for the answer, and a refusal leaves it
 * where it was with the server's sentence beside it.
 */
export function PermissionToggle({
  label,
  description,
  checked,
  onChange,
}: {
  label: string;
  description: string;
  checked: boolean;
  onChange: (next: boolean) => Promise<Result>;
}) {
  const [confirmed, setConfirmed] = useState(checked);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const id = useId();
  return (
    <div className="flex items-start justify-between gap-4 py-3">
      <div>
        <p id={`${id}-label`} className="text-sm font-medium">
          {label}
        </p>
        <p id={`${id}-description`} className="text-xs text-slate-500">
          {description}
        </p>
        {error ? (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      <Switch
        checked={confirmed}
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-description`}
        pending={pending}
        onCheckedChange={(next) =>
          startTransition(async () => {
            setError(null);
            const result = await onChange(next);
            if (result.ok) setConfirmed(next);
            else setError(result.message);
          })
        }
      />
    </div>
  );
}
