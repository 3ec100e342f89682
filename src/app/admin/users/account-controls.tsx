"use client";

import { useState, useTransition } from "react";
import type { Result } from "@/lib/result";
import { Button } from "@/ui/button";
import { deleteUserAction, sendPasswordResetAction, setUserActiveAction } from "./actions";

/** Password reset and deactivation; each shows the server's answer, never an assumed success. */
export function AccountControls({
  userId,
  email,
  deactivated,
}: {
  userId: string;
  email: string;
  deactivated: boolean;
}) {
  const [active, setActive] = useState(!deactivated);
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [confirmEmail, setConfirmEmail] = useState("");
  const [deleted, setDeleted] = useState(false);
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
          variant="ghost"
          disabled={pending || deleted}
          onClick={() => setConfirming(!confirming)}
        >
          Delete account…
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
      {confirming && !deleted ? (
        <div className="space-y-2 rounded-md bg-red-50 p-3">
          <p className="text-sm">
            Deleting cancels any Stripe subscription first, returns their leads to Open and cannot be undone.
            The audit log keeps its history.
          </p>
          <label htmlFor={`delete-${userId}`} className="block text-sm font-medium">
            Type {email} to confirm
          </label>
          <input
            id={`delete-${userId}`}
            value={confirmEmail}
            onChange={(e) => setConfirmEmail(e.target.value)}
            className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
          <Button
            type="button"
            variant="danger"
            disabled={pending}
            onClick={() =>
              run(
                () => deleteUserAction({ userId, confirmEmail }),
                "The account was deleted.",
                () => {
                  setDeleted(true);
                  setConfirming(false);
                },
              )
            }
          >
            Delete this account
          </Button>
        </div>
      ) : null}
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
