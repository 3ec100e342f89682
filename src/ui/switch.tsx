"use client";

import * as RadixSwitch from "@radix-ui/react-switch";
import clsx from "clsx";
import type { ComponentProps } from "react";

type SwitchProps = Omit<ComponentProps<typeof RadixSwitch.Root>, "checked" | "defaultChecked" | "asChild"> & {
  // Always controlled: the caller passes what the server confirmed, so a click alone never moves it.
  checked: boolean;
  /**
   * While a change is being saved: announced as disabled and busy, and presses are ignored. It is not the
   * native `disabled`, which would throw keyboard focus to the page and leave the person lost.
   */
  pending?: boolean;
};

/**
 * The one on/off switch (Radix: role="switch", Space and Enter toggle, focusable). Name it with
 * `aria-labelledby` pointing at its visible label, or with `aria-label`.
 */
export function Switch({ className, pending = false, onCheckedChange, ...props }: SwitchProps) {
  return (
    <RadixSwitch.Root
      aria-disabled={pending || undefined}
      aria-busy={pending || undefined}
      onCheckedChange={(next) => {
        if (!pending) onCheckedChange?.(next);
      }}
      className={clsx(
        "relative inline-flex h-6 w-11 shrink-0 cursor-pointer items-center rounded-full bg-slate-300 transition",
        "data-[state=checked]:bg-emerald-600 disabled:opacity-60 aria-disabled:cursor-wait aria-disabled:opacity-60",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--shell-accent,#3b6cf6)]",
        className,
      )}
      {...props}
    >
      <RadixSwitch.Thumb className="pointer-events-none inline-block h-5 w-5 translate-x-0.5 rounded-full bg-white shadow transition data-[state=checked]:translate-x-5" />
    </RadixSwitch.Root>
  );
}
