"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { deleteTeamOperation } from "@/server/operations/team-billing";
import {
  changeMemberRoleOperation,
  inviteMemberOperation,
  leaveTeamOperation,
  removeMemberOperation,
  resendInvitationOperation,
  revokeInvitationOperation,
  transferOwnershipOperation,
} from "@/server/operations/teams";
import { type FormState, failedForm, formValues } from "@/ui/form-state";
import { serverFormat } from "@/ui/server-format";

// Every team page shows what these change (members, seats, invitations), so all of them are re-read.
const refreshTeamPages = () => revalidatePath("/team/[id]", "page");

export async function inviteAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["email", "role"]);
  const result = await inviteMemberOperation(await headers(), Object.fromEntries(formData));
  if (!result.ok) return failedForm(result, values);
  refreshTeamPages();
  return {
    values: { role: values.role ?? "member" },
    success: `An invitation was mailed to ${result.invitation.email}. The link works until ${serverFormat().longDate(result.invitation.expiresAt)}.`,
  };
}

export async function revokeInvitationAction(input: { teamId: string; invitationId: string }) {
  const result = await revokeInvitationOperation(await headers(), input);
  if (result.ok) refreshTeamPages();
  return result;
}

export async function resendInvitationAction(input: { teamId: string; invitationId: string }) {
  const result = await resendInvitationOperation(await headers(), input);
  if (result.ok) refreshTeamPages();
  return result;
}

export async function removeMemberAction(input: { teamId: string; userId: string }) {
  const result = await removeMemberOperation(await headers(), input);
  if (result.ok) refreshTeamPages();
  return result;
}

export async function changeMemberRoleAction(input: { teamId: string; userId: string; role: string }) {
  const result = await changeMemberRoleOperation(await headers(), input);
  if (result.ok) refreshTeamPages();
  return result;
}

export async function transferOwnershipAction(input: { teamId: string; userId: string }) {
  const result = await transferOwnershipOperation(await headers(), input);
  if (result.ok) refreshTeamPages();
  return result;
}

export async function deleteTeamAction(input: { teamId: string }) {
  // Cancels a subscription in Stripe first; if Stripe refuses, nothing changes and the owner sees why.
  const result = await deleteTeamOperation(await headers(), input);
  if (!result.ok) return result;
  revalidatePath("/team");
  redirect("/team?deleted=1");
}

export async function leaveTeamAction(input: { teamId: string }) {
  const result = await leaveTeamOperation(await headers(), input);
  if (!result.ok) return result;
  revalidatePath("/team");
  redirect("/team?left=1");
}
