import type { InvitationView as Invitation } from "@/features/teams/read-invitation";
import type { Result } from "@/lib/result";
import { ButtonLink } from "@/ui/button";
import { serverFormat } from "@/ui/server-format";
import { AcceptInvitationButton } from "./accept-invitation-button";
import { roleInSentence } from "./labels";

type Visitor = { name: string; email: string; emailVerified: boolean } | null;

type Props = {
  token: string;
  invitation: Invitation;
  visitor: Visitor;
  accept: (input: { token: string }) => Promise<Result>;
  /** Signs out and comes back here through sign-in. */
  switchAccount: () => Promise<void>;
};

function Heading({ children }: { children: React.ReactNode }) {
  return <h1 className="mb-3 text-xl font-semibold">{children}</h1>;
}

/** `/team/invite/[token]`: a clear page for each state of the link, and the one step that is next. */
export function InvitationView({ token, invitation, visitor, accept, switchAccount }: Props) {
  const fmt = serverFormat();
  const here = `/team/invite/${encodeURIComponent(token)}`;
  if (invitation.state === "unknown") {
    return (
      <div data-testid="invitation-unknown">
        <Heading>This invitation link does not work</Heading>
        <p className="text-sm text-slate-700">
          It may have been replaced by a newer invitation, or mistyped. Open the latest invitation mail you
          received, or ask the team's owner or an admin to invite you again.
        </p>
        <Home signedIn={visitor !== null} />
      </div>
    );
  }
  const { teamName, inviterName, role, email, expiresAt } = invitation;
  if (invitation.state === "expired") {
    return (
      <div data-testid="invitation-expired">
        <Heading>This invitation has expired</Heading>
        <p className="text-sm text-slate-700">
          {`The invitation to ${teamName} for ${email} expired on ${fmt.longDate(expiresAt)}. Ask ${inviterName ?? "the team's owner or an admin"} to send you a new one.`}
        </p>
        <Home signedIn={visitor !== null} />
      </div>
    );
  }
  if (invitation.state === "revoked") {
    return (
      <div data-testid="invitation-revoked">
        <Heading>This invitation was withdrawn</Heading>
        <p className="text-sm text-slate-700">
          {`${teamName} withdrew the invitation for ${email}. If you still need to join, ask the team's owner or an admin for a new one.`}
        </p>
        <Home signedIn={visitor !== null} />
      </div>
    );
  }
  if (invitation.state === "accepted") {
    return (
      <div data-testid="invitation-used">
        <Heading>This invitation has already been used</Heading>
        <p className="text-sm text-slate-700">
          {`The invitation to ${teamName} for ${email} was accepted. If that was you, the team is under Teams once you sign in with ${email}.`}
        </p>
        <Home signedIn={visitor !== null} />
      </div>
    );
  }
  const sameAddress = visitor !== null && visitor.email.toLowerCase() === email;
  return (
    <div data-testid="invitation-pending">
      <Heading>Join {teamName}</Heading>
      <p className="text-sm text-slate-700">
        {`${inviterName ?? "The team"} invited ${email} to join ${teamName} on Frontdesk as ${roleInSentence[role]}. The invitation works until ${fmt.longDate(expiresAt)}.`}
      </p>
      {visitor === null ? (
        <div className="mt-4 space-y-3">
          <p className="text-sm text-slate-700">{`To accept, sign in or create your account with ${email}.`}</p>
          <div className="flex flex-wrap gap-2">
            <ButtonLink href={`/login?next=${encodeURIComponent(here)}`}>Sign in</ButtonLink>
            <ButtonLink href={`/signup?next=${encodeURIComponent(here)}`} variant="secondary">
              Create an account
            </ButtonLink>
          </div>
        </div>
      ) : !sameAddress ? (
        <div className="mt-4 space-y-3" data-testid="invitation-other-account">
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {`You are signed in as ${visitor.email}, but this invitation is for ${email}. Only an account with that address can accept it: sign out, then sign in or create an account with ${email}.`}
          </p>
          <form action={switchAccount}>
            <button
              type="submit"
              className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50"
            >
              Sign out and use {email}
            </button>
          </form>
        </div>
      ) : !visitor.emailVerified ? (
        <p role="alert" className="mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {`Confirm your email address first: open the link we mailed to ${visitor.email}, then come back to this page to accept.`}
        </p>
      ) : (
        <div className="mt-4 space-y-2">
          <p className="text-sm text-slate-700">{`You are signed in as ${visitor.email}.`}</p>
          <AcceptInvitationButton token={token} teamName={teamName} accept={accept} />
        </div>
      )}
    </div>
  );
}

function Home({ signedIn }: { signedIn: boolean }) {
  return (
    <div className="mt-4">
      <ButtonLink href={signedIn ? "/team" : "/login"} variant="secondary">
        {signedIn ? "Your teams" : "Sign in"}
      </ButtonLink>
    </div>
  );
}
