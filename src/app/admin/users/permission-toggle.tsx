"use client";

import clsx from "clsx";
import { useState, useTransition } from "react";
import type { Result } from "@/lib/result";

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
  const id = `toggle-${label.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <div className="flex items-start justify-between gap-4 py-3">
      <div>
        <p id={`${id}-label`} className="text-sm font-medium">
          {label}
        </p>
        <p className="text-xs text-slate-500">{description}</p>
        {error ? (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      <button
        type="button"
        role="switch"
        aria-checked={confirmed}
        aria-labelledby={`${id}-label`}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await onChange(!confirmed);
            if (result.ok) setConfirmed(!confirmed);
            else setError(result.message);
          })
        }
        className={clsx(
          "relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition disabled:opacity-60",
          confirmed ? "bg-emerald-600" : "bg-slate-300",
        )}
      >
        <span
          className={clsx(
            "inline-block h-5 w-5 rounded-full bg-white shadow transition",
            confirmed ? "translate-x-5" : "translate-x-0.5",
          )}
        />
      </button>
    </div>
  );
}
