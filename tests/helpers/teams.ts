// Teams for the tests: made through createTeam (so the owner is a member, as in the app), with billing and
// extra members set directly on the system path where a test is about something else.
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { getActor } from "../../src/auth/session";
import { getDb } from "../../src/db/client";
import { queryRows } from "../../src/db/query";
import { asSystem } from "../../src/db/rls";
import type { TeamBillingStatus, TeamRole } from "../../src/db/schema/values";
import { memberAccess } from "../../src/features/accounts/access";
import { createTeam } from "../../src/features/teams/create-team";
import type { TestUser } from "./accounts";
import { systemRows } from "./db";

export type TeamBilling = {
  seatsPaid?: number;
  billingStatus?: TeamBillingStatus;
  graceEndsAt?: Date | null;
  stripeSubscriptionId?: string | null;
};

/** Sets a team's billing as the Stripe sync would (the only writer of these columns). */
export async function setTeamBilling(teamId: string, billing: TeamBilling): Promise<void> {
  const db = await getDb();
  await asSystem(db, "test: team billing", (tx) =>
    tx.execute(sql`
      update teams set
        seats_paid = coalesce(${billing.seatsPaid ?? null}::integer, seats_paid),
        billing_status = coalesce(${billing.billingStatus ?? null}::team_billing_status, billing_status),
        grace_ends_at = case when ${billing.graceEndsAt !== undefined} then ${billing.graceEndsAt ?? null}::timestamptz else grace_ends_at end,
        stripe_subscription_id = case when ${billing.stripeSubscriptionId !== undefined} then ${billing.stripeSubscriptionId ?? null} else stripe_subscription_id end
      where id = ${teamId}`),
  );
}

/** A team owned by `owner`, paid for `seatsPaid` seats and active unless said otherwise. */
export async function createTestTeam(
  owner: TestUser,
  billing: TeamBilling & { name?: string } = {},
): Promise<{ id: string; name: string }> {
  const db = await getDb();
  const created = await createTeam(db, owner.actor, { name: billing.name ?? "Test Team" });
  if (!created.ok) throw new Error(created.message);
  await setTeamBilling(created.team.id, { seatsPaid: 5, billingStatus: "active", ...billing });
  return created.team;
}

/** Adds members directly (a test about something other than invitations), in the order given. */
export async function addMembers(teamId: string, members: TestUser[], role: TeamRole = "member") {
  const db = await getDb();
  for (const member of members) {
    await asSystem(db, "test: add member", (tx) =>
      tx.execute(
        sql`insert into team_members (team_id, user_id, role) values (${teamId}, ${member.id}, ${role})`,
      ),
    );
  }
}

/** The team's members and roles as the database holds them, in seat order. */
export const membersOf = (teamId: string) =>
  systemRows<{ user_id: string; role: TeamRole }>(
    sql`select user_id, role from app.team_seats where team_id = ${teamId} order by seat`,
  );

/** Tokens from the invitation mails sent to `email`, newest first: what the invitee's links carry. */
export async function invitationTokens(email: string): Promise<string[]> {
  const mails = await systemRows<{ text_body: string }>(
    sql`select text_body from mail_outbox where to_address = ${email.toLowerCase()} and kind = 'team_invitation'
        order by created_at desc`,
  );
  return mails.map((m) => /\/team\/invite\/([A-Za-z0-9_-]+)/.exec(m.text_body)?.[1] ?? "");
}

export async function invitationToken(email: string): Promise<string> {
  const [token] = await invitationTokens(email);
  if (!token) throw new Error(`no invitation mail for ${email}`);
  return token;
}

/** Makes an invitation expire (as if seven days had passed). */
export async function expireInvitation(invitationId: string): Promise<void> {
  const db = await getDb();
  await asSystem(db, "test: expire invitation", (tx) =>
    tx.execute(
      sql`update team_invitations set expires_at = now() - interval '1 minute' where id = ${invitationId}`,
    ),
  );
}

/** A team as it is before anyone bought seats for it: no subscription, no seats. */
export const createUnpaidTeam = (owner: TestUser, name?: string) =>
  createTestTeam(owner, { billingStatus: "none", seatsPaid: 0, ...(name ? { name } : {}) });

/** A pending invitation made directly (a test about seats, not about mail), expiring in `days`. */
export async function addInvitation(teamId: string, email: string, days = 7): Promise<string> {
  const [row] = await asSystem(await getDb(), "test: add invitation", (tx) =>
    queryRows<{ id: string }>(
      tx,
      sql`insert into team_invitations (team_id, email, role, token_hash, expires_at)
          values (${teamId}, ${email.toLowerCase()}, 'member', ${crypto.randomBytes(32).toString("hex")},
                  now() + make_interval(days => ${days}))
          returning id`,
    ),
  );
  return row!.id;
}

export type TeamBillingRow = {
  billing_status: TeamBillingStatus;
  seats_paid: number;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  stripe_price_id: string | null;
  billing_period_end: Date | null;
  cancel_at_period_end: boolean;
  grace_ends_at: Date | null;
};

// node-postgres answers timestamps as Date, PGlite's raw execute as strings: compare as dates.
const toDate = (v: Date | string | null) => (v === null ? null : new Date(v));

/** The team's billing columns as the database holds them; null once the team is deleted. */
export async function teamBillingOf(teamId: string): Promise<TeamBillingRow | null> {
  const [row] = await systemRows<TeamBillingRow>(
    sql`select billing_status, seats_paid, stripe_customer_id, stripe_subscription_id, stripe_price_id,
               billing_period_end, cancel_at_period_end, grace_ends_at
        from teams where id = ${teamId}`,
  );
  if (!row) return null;
  return {
    ...row,
    seats_paid: Number(row.seats_paid),
    billing_period_end: toDate(row.billing_period_end),
    grace_ends_at: toDate(row.grace_ends_at),
  };
}

/** Whether the person's next request reaches the member area (the session lookup, as the gate reads it). */
export async function hasAccess(user: TestUser): Promise<boolean> {
  const actor = await getActor(user.headers);
  if (!actor) throw new Error(`no session for ${user.email}`);
  return memberAccess(actor).allowed;
}
