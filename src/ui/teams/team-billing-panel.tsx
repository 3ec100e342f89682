"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/ui/button";
import { FormMessage, RadioGroup } from "@/ui/field";
import type { TeamPlanOption, TeamSubscriptionState } from "./billing-types";
import { seatsWord } from "./labels";

type Answer = { ok: true; body: Record<string, unknown> } | { ok: false; message: string };

/** The billing routes answer JSON; a refusal carries the server's sentence in `error.message`. */
async function post(path: string, body: unknown): Promise<Answer> {
  try {
    const response = await fetch(`/api/stripe/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const data = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (response.ok && data) return { ok: true, body: data };
    const error = data?.error as { message?: unknown } | undefined;
    return {
      ok: false,
      message:
        typeof error?.message === "string"
          ? error.message
          : "That did not work. Please try again in a moment.",
    };
  } catch {
    return { ok: false, message: "The connection failed. Please try again." };
  }
}

type Message =
  | { tone: "error" | "success"; text: string; invoiceUrl?: undefined }
  | { tone: "pending"; text: string; invoiceUrl: string | null };

function MessageLine({ message }: { message: Message | null }) {
  if (!message) return null;
  if (message.tone === "pending") {
    return (
      <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
        {message.text}{" "}
        {message.invoiceUrl ? (
          <a className="font-medium underline" href={message.invoiceUrl}>
            Pay the invoice
          </a>
        ) : null}
      </p>
    );
  }
  return <FormMessage tone={message.tone}>{message.text}</FormMessage>;
}

/**
 * Team checkout, seat changes, the customer portal and cancel/resume for the team's owners and admins. Each
 * waits for the server: seats change on screen only after Stripe and the sync confirmed them (the page is
 * re-read), and a failed card leaves them as they were, with the invoice to pay.
 */
export function TeamBillingPanel({
  state,
  plans,
}: {
  state: TeamSubscriptionState;
  plans: TeamPlanOption[];
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const minimumSeats = Math.max(1, state.seatsUsed);
  const seatsId = useId();
  const [seats, setSeats] = useState(String(state.live ? state.seatsPaid : minimumSeats));

  async function call(what: string, path: string, body: Record<string, unknown>) {
    setBusy(what);
    setMessage(null);
    const answer = await post(path, { teamId: state.teamId, ...body });
    if (!answer.ok) {
      setMessage({ tone: "error", text: answer.message });
      setBusy(null);
      return null;
    }
    return answer.body;
  }

  async function checkout(formData: FormData) {
    const body = await call("checkout", "checkout-org", {
      plan: formData.get("plan"),
      seats: Number(formData.get("seats")),
    });
    if (body && typeof body.url === "string") return window.location.assign(body.url);
    if (body) setMessage({ tone: "error", text: "Checkout could not start. Please try again." });
    setBusy(null);
  }

  async function changeSeats(formData: FormData) {
    const wanted = Number(formData.get("seats"));
    const body = await call("seats", "seats", { seats: wanted, expectedSeats: state.seatsPaid });
    if (!body) return;
    if (body.pending) {
      setMessage({
        tone: "pending",
        text:
          typeof body.message === "string"
            ? body.message
            : `The payment for ${seatsWord(wanted)} failed, so the team keeps its ${seatsWord(state.seatsPaid)} until the invoice is paid.`,
        invoiceUrl: typeof body.invoiceUrl === "string" ? body.invoiceUrl : null,
      });
    } else {
      const paid = typeof body.seatsPaid === "number" ? body.seatsPaid : wanted;
      setMessage({ tone: "success", text: `The team now pays for ${seatsWord(paid)}.` });
    }
    setBusy(null);
    router.refresh();
  }

  async function simple(path: "portal" | "cancel" | "resume", done: string) {
    const body = await call(path, path, {});
    if (!body) return;
    if (path === "portal" && typeof body.url === "string") return window.location.assign(body.url);
    setMessage({ tone: "success", text: done });
    setBusy(null);
    router.refresh();
  }

  const seatsField = (label: string, hint: string) => (
    <div className="space-y-1">
      <label htmlFor={seatsId} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={seatsId}
        name="seats"
        type="number"
        inputMode="numeric"
        min={minimumSeats}
        max={1000}
        step={1}
        required
        value={seats}
        onChange={(e) => setSeats(e.target.value)}
        aria-describedby={`${seatsId}-hint`}
        className="block w-32 rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm"
      />
      <p id={`${seatsId}-hint`} className="text-xs text-slate-500">
        {hint}
      </p>
    </div>
  );

  return (
    <div className="space-y-4" data-testid="team-billing-actions">
      <MessageLine message={message} />
      {state.live ? (
        <form
          action={changeSeats}
          className="flex flex-wrap items-end gap-3"
          aria-label="Change the number of seats"
        >
          {seatsField(
            "Seats",
            `At least ${seatsWord(minimumSeats)} (members and pending invitations). More seats are charged now, prorated; fewer take effect at once, without credit.`,
          )}
          <Button type="submit" disabled={busy !== null || Number(seats) === state.seatsPaid}>
            {busy === "seats" ? "Changing…" : "Change seats"}
          </Button>
        </form>
      ) : (
        <form action={checkout} className="space-y-3" aria-label="Buy seats">
          <RadioGroup
            legend="Plan"
            name="plan"
            options={plans.map(
              (p) =>
                [
                  p.key,
                  `${p.interval === "year" ? "Yearly" : "Monthly"}: ${p.price} per seat a ${p.interval}`,
                ] as const,
            )}
            defaultValue={plans[0]?.key}
            columns
          />
          {seatsField(
            "Seats",
            `At least ${seatsWord(minimumSeats)}: the team's members and pending invitations each take one.`,
          )}
          <Button type="submit" disabled={busy !== null}>
            {busy === "checkout" ? "Opening checkout…" : "Continue to checkout"}
          </Button>
        </form>
      )}
      <div className="flex flex-wrap gap-3">
        {state.hasCustomer ? (
          <Button
            type="button"
            variant="secondary"
            disabled={busy !== null}
            onClick={() => simple("portal", "")}
          >
            {busy === "portal" ? "Opening…" : "Customer portal"}
          </Button>
        ) : null}
        {state.live && !state.cancelAtPeriodEnd ? (
          <Button
            type="button"
            variant="secondary"
            disabled={busy !== null}
            onClick={() =>
              simple("cancel", "The subscription is canceled and ends at the end of the period.")
            }
          >
            {busy === "cancel" ? "Canceling…" : "Cancel at period end"}
          </Button>
        ) : null}
        {state.live && state.cancelAtPeriodEnd ? (
          <Button
            type="button"
            disabled={busy !== null}
            onClick={() => simple("resume", "The subscription continues.")}
          >
            {busy === "resume" ? "Resuming…" : "Resume subscription"}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
