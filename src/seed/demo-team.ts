import type Stripe from "stripe";
import type { Database } from "@/db/types";
import { type Actor, loadActor } from "@/features/accounts/load-actor";
import { completeTeamCheckoutReturn } from "@/features/team-billing/complete-team-checkout-return";
import { startTeamCheckout, startTeamCheckoutSchema } from "@/features/team-billing/start-team-checkout";
import { acceptInvitation } from "@/features/teams/accept-invitation";
import { createTeam, createTeamSchema } from "@/features/teams/create-team";
import { inviteMember, inviteMemberSchema } from "@/features/teams/invite-member";
import { demoTeam } from "./demo-accounts";
import { checkoutSessionOf, payOnCheckout } from "./demo-billing";
import { linkInMail } from "./demo-mail";

type IdOf = (email: string) => string;

async function actorOf(db: Database, idOf: IdOf, email: string): Promise<Actor> {
  const actor = await loadActor(db, idOf(email));
  if (!actor) throw new Error(`seed: no demo account ${email}`);
  return actor;
}

/**
 * The owner creates the team, as on `/team`. It needs nothing from Stripe, so it is always made; like every
 * new team it has no seats until its checkout.
 */
export async function createDemoTeam(db: Database, idOf: IdOf): Promise<string> {
  const owner = await actorOf(db, idOf, demoTeam.owner);
  const created = await createTeam(db, owner, createTeamSchema.parse({ name: demoTeam.name }));
  if (!created.ok) throw new Error(`seed: creating ${demoTeam.name} failed: ${created.message}`);
  return created.team.id;
}

/**
 * On the team page: the owner buys the seats, pays on the (emulated) hosted checkout and comes back, whose
 * return runs the webhooks' sync (so the seats are there at once). Then the owner invites the members,
 * each opens the link mailed to them and accepts with their own account, and one more invitation is sent
 * to an address that has no account, so it stays pending and holds a seat. Inviting needs a free seat, so
 * none of this can happen before the payment.
 */
export async function staffDemoTeam(
  db: Database,
  billing: { stripe: Stripe; emulatorUrl: string },
  teamId: string,
  idOf: IdOf,
): Promise<void> {
  const { stripe, emulatorUrl } = billing;
  const owner = await actorOf(db, idOf, demoTeam.owner);
  const started = await startTeamCheckout(
    db,
    stripe,
    owner,
    startTeamCheckoutSchema.parse({ teamId, plan: demoTeam.buys.plan, seats: demoTeam.buys.seats }),
  );
  if (!started.ok) throw new Error(`team checkout for ${demoTeam.name} did not start: ${started.message}`);
  const sessionId = checkoutSessionOf(started.url);
  await payOnCheckout(emulatorUrl, sessionId, demoTeam.buys.card);
  if (!(await completeTeamCheckoutReturn(db, stripe, owner, { teamId, sessionId }))) {
    throw new Error(`the return from the team checkout of ${demoTeam.name} did not sync`);
  }

  const invite = async (email: string) => {
    const sent = await inviteMember(db, owner, inviteMemberSchema.parse({ teamId, email, role: "member" }));
    if (!sent.ok) throw new Error(`inviting ${email} to ${demoTeam.name} failed: ${sent.message}`);
  };
  for (const email of demoTeam.members) {
    await invite(email);
    const token = new URL(await linkInMail(db, email, "team_invitation")).pathname.split("/").pop() ?? "";
    const accepted = await acceptInvitation(db, await actorOf(db, idOf, email), { token });
    if (!accepted.ok) throw new Error(`${email} could not join ${demoTeam.name}: ${accepted.message}`);
  }
  await invite(demoTeam.pendingInvitation);
}
