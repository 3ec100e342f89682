// Teams and seats (SPEC §5): the operations behind /team, /team/[id] and /team/invite/[token]. Each needs a
// signed-in person except reading an invitation; the team role each needs (owner, admin, member) is read
// from the database by the feature function, under the team's lock where it changes anything.
import { z } from "zod";
import { acceptInvitation, acceptInvitationSchema } from "@/features/teams/accept-invitation";
import { changeMemberRole, changeMemberRoleSchema } from "@/features/teams/change-member-role";
import { createTeam, createTeamSchema } from "@/features/teams/create-team";
import { getTeam, getTeamSchema } from "@/features/teams/get-team";
import { inviteMember, inviteMemberSchema } from "@/features/teams/invite-member";
import { leaveTeam, leaveTeamSchema } from "@/features/teams/leave-team";
import { listAllTeams, listAllTeamsSchema } from "@/features/teams/list-all-teams";
import { listMyTeamSummaries } from "@/features/teams/list-my-team-summaries";
import { listMyTeams } from "@/features/teams/list-my-teams";
import { invitationTokenSchema, readInvitation } from "@/features/teams/read-invitation";
import { memberRefSchema, removeMember } from "@/features/teams/remove-member";
import { resendInvitation, resendInvitationSchema } from "@/features/teams/resend-invitation";
import { invitationRefSchema, revokeInvitation } from "@/features/teams/revoke-invitation";
import { transferOwnership, transferOwnershipSchema } from "@/features/teams/transfer-ownership";
import { defineOperation } from "./define-operation";

export const createTeamOperation = defineOperation({
  name: "create team",
  access: "signed-in",
  input: createTeamSchema,
  run: ({ db, actor }, input) => createTeam(db, actor, input),
});

export const listMyTeamsOperation = defineOperation({
  name: "list my teams",
  access: "signed-in",
  input: z.unknown(),
  run: ({ db, actor }) => listMyTeams(db, actor),
});

/** `/team` and `/upgrade`: the caller's teams with seats used and paid, the owner, and the caller's seat. */
export const listMyTeamSummariesOperation = defineOperation({
  name: "list my team summaries",
  access: "signed-in",
  input: z.unknown(),
  run: ({ db, actor }) => listMyTeamSummaries(db, actor),
});

/** `/admin/teams`: every team, searchable and paged. */
export const listAllTeamsOperation = defineOperation({
  name: "list all teams",
  access: "admin",
  input: listAllTeamsSchema,
  run: ({ db, actor }, input) => listAllTeams(db, actor, input),
});

export const getTeamOperation = defineOperation({
  name: "get team",
  access: "signed-in",
  input: getTeamSchema,
  run: ({ db, actor }, input) => getTeam(db, actor, input),
});

export const inviteMemberOperation = defineOperation({
  name: "invite team member",
  access: "signed-in",
  input: inviteMemberSchema,
  run: ({ db, actor }, input) => inviteMember(db, actor, input),
});

/**
 * The invitation page before anyone signs in: a visitor must see which team invites them before choosing
 * to sign in or sign up with the invited address. Public because the token is the permission (32 random
 * bytes, known only from the mail); it reveals the team's name, the inviter's name, the role and the
 * invited address, and changes nothing.
 */
export const readInvitationOperation = defineOperation({
  name: "read team invitation",
  access: "public",
  input: invitationTokenSchema,
  run: ({ db }, input) => readInvitation(db, input),
});

export const acceptInvitationOperation = defineOperation({
  name: "accept team invitation",
  access: "signed-in",
  input: acceptInvitationSchema,
  run: ({ db, actor }, input) => acceptInvitation(db, actor, input),
});

export const revokeInvitationOperation = defineOperation({
  name: "revoke team invitation",
  access: "signed-in",
  input: invitationRefSchema,
  run: ({ db, actor }, input) => revokeInvitation(db, actor, input),
});

export const resendInvitationOperation = defineOperation({
  name: "resend team invitation",
  access: "signed-in",
  input: resendInvitationSchema,
  run: ({ db, actor }, input) => resendInvitation(db, actor, input),
});

export const removeMemberOperation = defineOperation({
  name: "remove team member",
  access: "signed-in",
  input: memberRefSchema,
  run: ({ db, actor }, input) => removeMember(db, actor, input),
});

export const leaveTeamOperation = defineOperation({
  name: "leave team",
  access: "signed-in",
  input: leaveTeamSchema,
  run: ({ db, actor }, input) => leaveTeam(db, actor, input),
});

export const changeMemberRoleOperation = defineOperation({
  name: "change team role",
  access: "signed-in",
  input: changeMemberRoleSchema,
  run: ({ db, actor }, input) => changeMemberRole(db, actor, input),
});

export const transferOwnershipOperation = defineOperation({
  name: "transfer team ownership",
  access: "signed-in",
  input: transferOwnershipSchema,
  run: ({ db, actor }, input) => transferOwnership(db, actor, input),
});
