"use client";

import type { Result } from "@/lib/result";
import { Button } from "@/ui/button";
import { NoticeLine } from "./notice-line";
import { useResultAction } from "./use-result-action";

/** Accepting is the only step that changes anything; the action opens the team's page once it is done. */
export function AcceptInvitationButton({
  token,
  teamName,
  accept,
}: {
  token: string;
  teamName: string;
  accept: (input: { token: string }) => Promise<Result>;
}) {
  const { pending, notice, run } = useResultAction();
  return (
    <div className="space-y-2">
      <Button
        type="button"
        className="w-full"
        disabled={pending}
        onClick={() => run(() => accept({ token }))}
      >
        {pending ? "Joining…" : `Accept and join ${teamName}`}
      </Button>
      <NoticeLine notice={notice} />
    </div>
  );
}
