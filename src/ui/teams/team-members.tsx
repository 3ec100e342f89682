"use client";

import { useState } from "react";
import type { TeamMemberRow } from "@/features/teams/get-team";
import { Button } from "@/ui/button";
import { Badge } from "@/ui/card";
import { useFormat } from "@/ui/format";
import type { TeamActions } from "./action-types";
import { noSeatReason, roleLabel, type TeamRoleName } from "./labels";
import { NoticeLine } from "./notice-line";
import { useResultAction } from "./use-result-action";

type Props = {
  teamId: string;
  members: TeamMemberRow[];
  myId: string;
  myRole: TeamRoleName | null;
  seatsPaid: number;
  actions: Pick<TeamActions, "changeRole" | "remove" | "transfer">;
};

/** The team's members in seat order; owners and admins change roles and remove, the owner hands over. */
export function TeamMembers({ teamId, members, myId, myRole, seatsPaid, actions }: Props) {
  // One answer for the list: a removed member's row is gone once the server confirms, the sentence stays.
  const action = useResultAction();
  return (
    <div>
      <NoticeLine notice={action.notice} className="mb-2" />
      <ul className="divide-y divide-slate-100" data-testid="team-members">
        {members.map((member) => (
          <MemberRow
            key={member.userId}
            teamId={teamId}
            member={member}
            isMe={member.userId === myId}
            myRole={myRole}
            seatsPaid={seatsPaid}
            memberCount={members.length}
            actions={actions}
            action={action}
          />
        ))}
      </ul>
    </div>
  );
}

function MemberRow({
  teamId,
  member,
  isMe,
  myRole,
  seatsPaid,
  memberCount,
  actions,
  action,
}: Omit<Props, "members" | "myId"> & {
  member: TeamMemberRow;
  isMe: boolean;
  memberCount: number;
  action: ReturnType<typeof useResultAction>;
}) {
  const fmt = useFormat();
  const { pending, run } = action;
  const [confirming, setConfirming] = useState<"remove" | "transfer" | null>(null);
  const manages = myRole === "owner" || myRole === "admin";
  const isOwnerRow = member.role === "owner";
  const ref = { teamId, userId: member.userId };
  const otherRole = member.role === "admin" ? "member" : "admin";
  return (
    <li className="py-3" data-testid={`member-${member.email}`}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-medium">
          {member.name}
          {isMe ? <span className="font-normal text-slate-500"> (you)</span> : null}
        </span>
        <span className="break-all text-sm text-slate-600">{member.email}</span>
        <Badge tone={isOwnerRow ? "blue" : "slate"}>{roleLabel[member.role]}</Badge>
        {member.holdsSeat ? <Badge tone="green">Holds a seat</Badge> : <Badge tone="amber">No seat</Badge>}
      </div>
      <p className="mt-1 text-xs text-slate-500">Joined {fmt.date(member.joinedAt)}</p>
      {member.holdsSeat ? null : (
        <p className="mt-1 text-sm text-amber-800">
          No seat, so no access through this team. {noSeatReason(seatsPaid, memberCount)}
        </p>
      )}
      {manages && !isOwnerRow ? (
        <div className="mt-2 flex flex-wrap gap-2">
          <Button
            type="button"
            variant="secondary"
            disabled={pending}
            onClick={() =>
              run(
                () => actions.changeRole({ ...ref, role: otherRole }),
                () => `${member.name} is now ${otherRole === "admin" ? "an admin" : "a member"}.`,
              )
            }
          >
            {otherRole === "admin" ? "Make admin" : "Make member"}
            <span className="sr-only"> ({member.name})</span>
          </Button>
          {isMe ? null : (
            <Button
              type="button"
              variant="ghost"
              disabled={pending}
              aria-expanded={confirming === "remove"}
              onClick={() => setConfirming(confirming === "remove" ? null : "remove")}
            >
              Remove…<span className="sr-only"> ({member.name})</span>
            </Button>
          )}
          {myRole === "owner" ? (
            <Button
              type="button"
              variant="ghost"
              disabled={pending}
              aria-expanded={confirming === "transfer"}
              onClick={() => setConfirming(confirming === "transfer" ? null : "transfer")}
            >
              Make owner…<span className="sr-only"> ({member.name})</span>
            </Button>
          ) : null}
        </div>
      ) : null}
      {confirming === "remove" ? (
        <div className="mt-2 space-y-2 rounded-md bg-red-50 p-3">
          <p className="text-sm">
            {member.name} loses access through this team at once, and their seat becomes free.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button
              type="button"
              variant="danger"
              disabled={pending}
              onClick={() =>
                run(
                  () => actions.remove(ref),
                  () => `${member.name} was removed.`,
                  () => setConfirming(null),
                )
              }
            >
              {pending ? "Removing…" : `Remove ${member.name}`}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setConfirming(null)}>
              Keep
            </Button>
          </div>
        </div>
      ) : null}
      {confirming === "transfer" ? (
        <div className="mt-2 space-y-2 rounded-md bg-amber-50 p-3">
          <p className="text-sm">
            {member.name} becomes the team's owner; you stay on as an admin. Only the owner can hand the team
            over again or delete it.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button
              type="button"
              disabled={pending}
              onClick={() =>
                run(
                  () => actions.transfer(ref),
                  () => `${member.name} now owns the team.`,
                  () => setConfirming(null),
                )
              }
            >
              {pending ? "Transferring…" : `Make ${member.name} the owner`}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setConfirming(null)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}
    </li>
  );
}
