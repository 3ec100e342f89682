import type { Metadata } from "next";
import { headers } from "next/headers";
import { currentPageActor } from "@/auth/page-actor";
import { readInvitationOperation } from "@/server/operations/teams";
import { InvitationView } from "@/ui/teams/invitation-view";
import { acceptInvitationAction, switchAccountAction } from "./actions";

export const metadata: Metadata = { title: "Team invitation", robots: { index: false } };

/**
 * Opening the link only reads (mail scanners open links): the invitation, and who is signed in. Accepting
 * is the button's server action.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [actor, result] = await Promise.all([
    currentPageActor(),
    readInvitationOperation(await headers(), { token }),
  ]);
  // A link too long to be a token is as unknown as a made-up one.
  if (!result.ok && result.code !== "invalid") throw new Error(result.message);
  return (
    <InvitationView
      token={token}
      invitation={result.ok ? result.invitation : { state: "unknown" }}
      visitor={
        actor ? { name: actor.name, email: actor.email, emailVerified: actor.emailVerified ?? false } : null
      }
      accept={acceptInvitationAction}
      switchAccount={switchAccountAction.bind(null, token)}
    />
  );
}
