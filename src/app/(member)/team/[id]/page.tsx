import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { requirePageActor } from "@/auth/page-actor";
import { teamCheckoutReturnOperation } from "@/server/operations/team-billing";
import { getTeamOperation } from "@/server/operations/teams";
import { type TeamBanner, TeamView } from "@/ui/teams/team-view";
import {
  changeMemberRoleAction,
  deleteTeamAction,
  inviteAction,
  leaveTeamAction,
  removeMemberAction,
  resendInvitationAction,
  revokeInvitationAction,
  transferOwnershipAction,
} from "./actions";
import { readTeamBilling, teamPlanOptions } from "./team-billing";

export const metadata: Metadata = { title: "Team" };

const actions = {
  invite: inviteAction,
  revoke: revokeInvitationAction,
  resend: resendInvitationAction,
  remove: removeMemberAction,
  changeRole: changeMemberRoleAction,
  transfer: transferOwnershipAction,
  deleteTeam: deleteTeamAction,
  leave: leaveTeamAction,
};

export default async function TeamPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePageActor();
  const [{ id }, { checkout, welcome, created, joined }] = await Promise.all([params, searchParams]);
  if (checkout && checkout !== "canceled") {
    // Sync now so the seats show without waiting for the webhook, then drop the session id from the URL.
    await teamCheckoutReturnOperation.forActor(actor, { teamId: id, sessionId: checkout });
    redirect(`/team/${encodeURIComponent(id)}?welcome=1`);
  }
  const result = await getTeamOperation.forActor(actor, { teamId: id });
  if (!result.ok) {
    if (result.code === "not_found") notFound();
    throw new Error(result.message);
  }
  const { team } = result;
  const manages = team.myRole === "owner" || team.myRole === "admin";
  const banner: TeamBanner =
    checkout === "canceled"
      ? "checkout-canceled"
      : welcome
        ? "welcome"
        : joined
          ? "joined"
          : created
            ? "created"
            : null;
  return (
    <TeamView
      team={team}
      myId={actor.id}
      billing={manages ? await readTeamBilling(actor, team.id) : null}
      plans={teamPlanOptions}
      actions={actions}
      banner={banner}
    />
  );
}
