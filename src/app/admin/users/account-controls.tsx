"use client";

import { useState, useTransition } from "react";
import type { Result } from "@/lib/result";
import { Button } from "@/ui/button";
import { sendPasswordResetAction, setUserActiveAction } from "./actions";

/** Password reset and deactivation; each shows the server's answer, never an assumed success. */
export function AccountControls({ userId, deactivated }: { userId: string; deactivated: boolean }) {
  const [active, setActive] = useState(!deactivated);
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (work: () => Promise<Result>, success: string, after?: () => void) =>
    startTransition(async () => {
      setMessage(null);
      const result = await work();
      if (result.ok) {
        after?.();
        setMessage({ tone: "ok", text: success });
      } else setMessage({ tone: "error", text: result.message });
    });
  return (
    <div className="space-y-2 pt-3">
      <h3 className="text-sm font-semibold">Account</h3>
      <p className="text-xs text-slate-500">{active ? "Can sign in." : "Deactivated: sign-in is refused."}</p>
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant="secondary"
          disabled={pending}
          onClick={() => run(() => sendPasswordResetAction({ userId }), "A password reset link was mailed.")}
        >
          Send password reset
        </Button>
        <Button
          type="button"
          variant={active ? "danger" : "secondary"}
          disabled={pending}
          onClick={() =>
            run(
              () => setUserActiveAction({ userId, active: !active }),
              active ? "Deactivated; their sessions were signed out." : "Reactivated.",
              () => setActive(!active),
            )
          }
        >
          {active ? "Deactivate" : "Reactivate"}
        </Button>
      </div>
      {message ? (
        <p
          role={message.tone === "error" ? "alert" : "status"}
          className={message.tone === "error" ? "text-sm text-red-700" : "text-sm text-emerald-700"}
        >
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
