import { count, eq, sql } from "drizzle-orm";
import type { Auth } from "@/auth/auth";
import { asSystem } from "@/db/rls";
import { profiles, users } from "@/db/schema";
import type { Database } from "@/db/types";
import { loadActor } from "@/features/accounts/load-actor";
import { expireMemberships } from "@/features/billing/expire-memberships";
import { setBillingExemption, setBillingExemptionSchema } from "@/features/billing/set-billing-exemption";
import { DEMO_PASSWORD, demoAccounts, demoTeam } from "./demo-accounts";
import { type DemoBilling, subscribeDemoMember } from "./demo-billing";
import { seedDemoLeads } from "./demo-leads";
import { confirmDemoEmail } from "./demo-mail";
import { createDemoTeam, staffDemoTeam } from "./demo-team";

export type { DemoBilling } from "./demo-billing";

const DAY = 86_400_000;

/**
 * Seeds the demo accounts, leads and team into an empty database; does nothing if any account exists.
 * Every account is made through the paths a real one takes: sign-up (and for some the confirmation link
 * it mails), the expiry job, the admin's exemption toggle, and for the paying members checkout, payment
 * and the webhook's sync (see `DemoBilling`); the team through its owner's team checkout and invitations
 * its members accept (see `demoTeam`).
 */
export async function seedDemo(db: Database, auth: Auth, billing: DemoBilling): Promise<boolean> {
  const [existing] = await asSystem(db, "seed: check", (tx) => tx.select({ n: count() }).from(users));
  if ((existing?.n ?? 0) > 0) return false;
  const ids = new Map<string, string>();
  for (const account of demoAccounts) {
    // Through Better Auth, so passwords are hashed exactly as real sign-ups are, and each gets its trial.
    const { user } = await auth.api.signUpEmail({
      body: { name: account.name, email: account.email, password: DEMO_PASSWORD },
    });
    ids.set(account.email, user.id);
    if (account.verifiesEmail) await confirmDemoEmail(db, auth, account.email);
  }
  const idOf = (email: string) => ids.get(email)!;

  await asSystem(db, "seed: demo accounts", async (tx) => {
    for (const account of demoAccounts) {
      const id = idOf(account.email);
      await tx
        .update(profiles)
        .set({ role: account.role ?? "member", isSales: account.isSales ?? false })
        .where(eq(profiles.id, id));
      if (account.joinedDaysAgo === undefined) continue;
      // The account's history before today: it signed up earlier, and its trial ran from then.
      const shift = sql`make_interval(days => ${account.joinedDaysAgo})`;
      await tx
        .update(users)
        .set({ createdAt: sql`${users.createdAt} - ${shift}` })
        .where(eq(users.id, id));
      await tx
        .update(profiles)
        .set({
          createdAt: sql`${profiles.createdAt} - ${shift}`,
          trialEndsAt: sql`${profiles.trialEndsAt} - ${shift}`,
        })
        .where(eq(profiles.id, id));
    }
  });
  // The expiry job as it last ran, three days ago: the trials that had ended by then are over (the staff's,
  // ivan's); eve's ended since, so she is still waiting for the job's next run.
  await expireMemberships(db, new Date(Date.now() - 3 * DAY));

  const admin = await loadActor(db, idOf(demoAccounts.find((a) => a.role === "admin")!.email));
  for (const account of demoAccounts.filter((a) => a.comped)) {
    const comped = await setBillingExemption(
      db,
      "stripe" in billing ? billing.stripe : null,
      admin!,
      setBillingExemptionSchema.parse({ userId: idOf(account.email), exempt: true, reason: account.comped }),
    );
    if (!comped.ok) throw new Error(`seed: comping ${account.email} failed: ${comped.message}`);
  }
  // The team's owner came in through the demo form: his lead is linked and converted, and the team's
  // first payment (below) wins it for the rep who worked it.
  const owner = demoAccounts.find((a) => a.email === demoTeam.owner)!;
  await seedDemoLeads(db, 200, [
    { userId: idOf(owner.email), name: owner.name, email: owner.email, company: demoTeam.name },
  ]);
  const teamId = await createDemoTeam(db, idOf);
  await seedDemoBilling(db, billing, idOf, teamId);
  return true;
}

/**
 * Last, so that when Stripe fails half-way the rest of the demo is already there. Whatever did happen
 * was recorded by the same sync the webhooks run, so each account and the team still match what Stripe
 * holds. The paying members and the team are tried apart: one failing does not keep the other back.
 */
async function seedDemoBilling(
  db: Database,
  billing: DemoBilling,
  idOf: (email: string) => string,
  teamId: string,
) {
  const paying = demoAccounts.filter((a) => a.subscribes);
  const who = paying.map((a) => a.email).join(" and ");
  if ("skipped" in billing) {
    // Without paid seats nobody can be invited (SPEC §5), so the team stays as it is before its checkout.
    const outside = [...demoTeam.members, demoTeam.pendingInvitation].join(" and ");
    console.warn(
      `[frontdesk] Demo billing skipped: ${billing.skipped}. ${who} stay on their free trial instead of paying, and the team ${demoTeam.name} has no paid seats: ${demoTeam.owner} is its only member and ${outside} are not invited (an invitation needs a paid seat).`,
    );
    return;
  }
  try {
    for (const account of paying) {
      await subscribeDemoMember(db, billing, idOf(account.email), account.subscribes!);
    }
  } catch (error) {
    console.error(
      `[frontdesk] Demo billing did not complete, so ${who} may not be as described (each shows what Stripe holds):`,
      error,
    );
  }
  try {
    await staffDemoTeam(db, billing, teamId, idOf);
  } catch (error) {
    console.error(
      `[frontdesk] Demo team billing did not complete, so ${demoTeam.name} may not be as described (it shows what Stripe holds):`,
      error,
    );
  }
}

export function demoLoginsText(): string {
  const pending = demoTeam.pendingInvitation;
  const width = Math.max(pending.length, ...demoAccounts.map((a) => a.email.length));
  return [
    `Demo logins (password for all: ${DEMO_PASSWORD}):`,
    ...demoAccounts.map((a) => `  ${a.email.padEnd(width)}  ${a.note}`),
    `  ${pending.padEnd(width)}  no account: invited to ${demoTeam.name}, pending (sign up with it to accept)`,
  ].join("\n");
}
