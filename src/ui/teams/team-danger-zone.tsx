"use client";

import { useId, useState } from "react";
import { Button } from "@/ui/button";
import type { TeamActions } from "./action-types";
import { NoticeLine } from "./notice-line";
import { useResultAction } from "./use-result-action";

/**
 * Deleting asks for the team's name typed out: it ends every member's access through the team at once. The
 * action opens /team once the server has deleted it; a refusal (Stripe would not cancel) stays here.
 */
export function DeleteTeam({
  teamId,
  teamName,
  hasSubscription,
  action,
}: {
  teamId: string;
  teamName: string;
  hasSubscription: boolean;
  action: TeamActions["deleteTeam"];
}) {
  const [typed, setTyped] = useState("");
  const { pending, notice, run } = useResultAction();
  const id = useId();
  const matches = typed.trim() === teamName;
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-700">
        Deleting removes every member and invitation; their access through the team ends at once.
        {hasSubscription
          ? " Its subscription is canceled in Stripe first, at once; if Stripe refuses, nothing changes."
          : null}
      </p>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        Type the team's name, {teamName}, to confirm
      </label>
      <input
        id={id}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        autoComplete="off"
        className="block w-full max-w-sm rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm"
      />
      <Button
        type="button"
        variant="danger"
        disabled={pending || !matches}
        onClick={() => run(() => action({ teamId }))}
      >
        {pending ? "Deleting…" : "Delete this team"}
      </Button>
      <NoticeLine notice={notice} />
    </div>
  );
}

/** Leaving frees the seat and ends access through the team at once; the action then opens /team. */
export function LeaveTeam({ teamId, action }: { teamId: string; action: TeamActions["leave"] }) {
  const [confirming, setConfirming] = useState(false);
  const { pending, notice, run } = useResultAction();
  return (
    <div className="space-y-2">
      {confirming ? (
        <div className="space-y-2 rounded-md bg-red-50 p-3">
          <p className="text-sm">
            You lose access through this team at once. To come back, you need a new invitation.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button
              type="button"
              variant="danger"
              disabled={pending}
              onClick={() => run(() => action({ teamId }))}
            >
              {pending ? "Leaving…" : "Leave the team"}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
              Stay
            </Button>
          </div>
        </div>
      ) : (
        <Button type="button" variant="secondary" aria-expanded={false} onClick={() => setConfirming(true)}>
          Leave team…
        </Button>
      )}
      <NoticeLine notice={notice} />
    </div>
  );
}
