"use client";

import { useActionState } from "react";
import type { TeamInvitationRow } from "@/features/teams/get-team";
import { Button } from "@/ui/button";
import { Badge } from "@/ui/card";
import { Field, FormMessage, SelectField } from "@/ui/field";
import { emptyForm } from "@/ui/form-state";
import { useFormat } from "@/ui/format";
import type { TeamActions } from "./action-types";
import { roleLabel } from "./labels";
import { NoticeLine } from "./notice-line";
import { useResultAction } from "./use-result-action";

const ROLE_OPTIONS = [
  ["member", "Member"],
  ["admin", "Admin (manages members, invitations and seats)"],
] as const;

/** Inviting by email: the server decides, under the team's lock, whether a seat is free. */
export function InviteForm({ teamId, action }: { teamId: string; action: TeamActions["invite"] }) {
  const [state, submit, pending] = useActionState(action, emptyForm);
  return (
    <form action={submit} noValidate className="space-y-3" data-testid="invite-form">
      <input type="hidden" name="teamId" value={teamId} />
      <FormMessage>{state.message}</FormMessage>
      <FormMessage tone="success">{state.success}</FormMessage>
      <div className="grid gap-3 sm:grid-cols-[1fr_auto]">
        <Field
          label="Email address"
          name="email"
          type="email"
          autoComplete="off"
          defaultValue={state.values.email}
          error={state.fields?.email}
        />
        <SelectField
          label="Role"
          name="role"
          options={ROLE_OPTIONS}
          placeholder={null}
          defaultValue={state.values.role ?? "member"}
          error={state.fields?.role}
        />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Send invitation"}
      </Button>
    </form>
  );
}

/** Open invitations: each holds a seat until it is accepted, revoked or expires. */
export function PendingInvitations({
  teamId,
  invitations,
  actions,
}: {
  teamId: string;
  invitations: TeamInvitationRow[];
  actions: Pick<TeamActions, "revoke" | "resend">;
}) {
  const fmt = useFormat();
  const { pending, notice, run } = useResultAction();
  return (
    <div>
      <NoticeLine notice={notice} className="mb-2" />
      {invitations.length === 0 ? (
        <p className="text-sm text-slate-600">No pending invitations.</p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="pending-invitations">
          {invitations.map((invitation) => {
            const ref = { teamId, invitationId: invitation.id };
            return (
              <li key={invitation.id} className="py-3" data-testid={`invitation-${invitation.email}`}>
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <span className="break-all font-medium">{invitation.email}</span>
                  <Badge>{roleLabel[invitation.role]}</Badge>
                  {invitation.expired ? <Badge tone="amber">Expired</Badge> : null}
                </div>
                <p className="mt-1 text-xs text-slate-500">
                  {invitation.expired
                    ? `Expired on ${fmt.date(invitation.expiresAt)}; it holds no seat. Resend it for seven more days.`
                    : `Expires on ${fmt.date(invitation.expiresAt)}`}
                  {invitation.invitedByName ? ` · invited by ${invitation.invitedByName}` : null}
                </p>
                <div className="mt-2 flex flex-wrap gap-2">
                  <Button
                    type="button"
                    variant="secondary"
                    disabled={pending}
                    onClick={() =>
                      run(
                        () => actions.resend(ref),
                        (r) =>
                          `A new link was mailed to ${invitation.email}; it works until ${fmt.date(r.invitation.expiresAt)}. The old link no longer works.`,
                      )
                    }
                  >
                    Resend<span className="sr-only"> the invitation to {invitation.email}</span>
                  </Button>
                  <Button
                    type="button"
                    variant="ghost"
                    disabled={pending}
                    onClick={() =>
                      run(
                        () => actions.revoke(ref),
                        () => `The invitation to ${invitation.email} was revoked; its seat is free.`,
                      )
                    }
                  >
                    Revoke<span className="sr-only"> the invitation to {invitation.email}</span>
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
