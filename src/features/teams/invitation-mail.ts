import { appTimeZone, appUrl } from "@/config/env";
import type { TeamInvitationRole } from "@/db/schema/values";
import type { OutgoingMail } from "@/features/notifications/enqueue-mail";
import { formatterFor } from "@/lib/format";

/** Where an invitation's link leads: the page that shows it and, after sign-in, accepts it. */
export const invitationUrl = (token: string) => `${appUrl()}/team/invite/${token}`;

/**
 * The invitation to a team. Opening the link changes nothing (mail scanners open links): the page shows the
 * invitation, and the person accepts it with a button once signed in with this address.
 */
export function invitationMail(
  to: string,
  invitation: {
    teamName: string;
    inviterName: string;
    role: TeamInvitationRole;
    token: string;
    expiresAt: Date;
  },
): OutgoingMail {
  const as = invitation.role === "admin" ? "an admin" : "a member";
  const expires = formatterFor(appTimeZone()).longDate(invitation.expiresAt);
  return {
    to,
    kind: "team_invitation",
    subject: `${invitation.inviterName} invited you to ${invitation.teamName} on Frontdesk`.slice(0, 200),
    text: [
      "Hello,",
      "",
      `${invitation.inviterName} invited you to join the team ${invitation.teamName} on Frontdesk as ${as}.`,
      `See the invitation and accept it here: ${invitationUrl(invitation.token)}`,
      "",
      `To accept, sign in (or create your account) with this address, ${to}. The invitation works until ${expires}.`,
      "",
      "If you did not expect this, ignore this mail: nothing happens unless you accept.",
    ].join("\n"),
  };
}
