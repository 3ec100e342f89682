"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signOutOperation } from "@/server/operations/credentials";
import { acceptInvitationOperation } from "@/server/operations/teams";

const invitationPath = (token: string) => `/team/invite/${encodeURIComponent(token)}`;

export async function acceptInvitationAction(input: { token: string }) {
  const result = await acceptInvitationOperation(await headers(), input);
  if (!result.ok) return result;
  redirect(`/team/${result.team.id}?joined=1`);
}

/** Signed in with another address: sign out and come back to the invitation after signing in again. */
export async function switchAccountAction(token: string): Promise<void> {
  await signOutOperation(await headers(), {});
  redirect(`/login?next=${encodeURIComponent(invitationPath(String(token)))}`);
}
