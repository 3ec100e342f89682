import { asc, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { z } from "zod";
import { asSystem } from "@/db/rls";
import { profiles, teams, users } from "@/db/schema";
import type { Database, Tx } from "@/db/types";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { LIVE_STATUSES } from "@/features/billing/pick-subscription";
import { lockCustomer } from "@/features/billing/sync-stripe-customer";
import { fail, type Result } from "@/lib/result";
import { type Actor, isAdmin } from "./load-actor";

export const deleteUserSchema = z.object({
  userId: z.string().min(1, "Choose a user."),
  confirmEmail: z.string().trim().toLowerCase().min(1, "Type the account's email to confirm."),
});

/** The names of the teams this account owns; a team keeps its owner, so these block the deletion. */
const ownedTeams = async (tx: Tx, userId: string) =>
  (
    await tx
      .select({ name: teams.name })
      .from(teams)
      .where(eq(teams.ownerId, userId))
      .orderBy(asc(teams.name), asc(teams.id))
  ).map((t) => t.name);

const listed = (names: string[]) =>
  names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;

/** The owner hands the team over or deletes it (which cancels its subscription); an admin cannot do either. */
const ownsTeams = (names: string[]) =>
  fail(
    "conflict",
    `Transfer ownership of ${listed(names)} or delete ${names.length === 1 ? "it" : "them"} first.`,
  );

/**
 * Deletes an account (SPEC §8): its live Stripe subscriptions are canceled first (if Stripe refuses,
 * nothing changes), the leads it owned go back to Open with a timeline entry, and the audit log keeps
 * its history (entries keep the subject id; the actor becomes "System" only where it was this account).
 * An account that owns a team is refused before anything happens: the team would lose its owner.
 * It runs on the system path, so the admin checks here and in the operation are the guard: row-level
 * security does not check the actor again.
 */
export async function deleteUser(
  db: Database,
  stripe: Stripe | null,
  actor: Actor,
  input: z.infer<typeof deleteUserSchema>,
): Promise<Result<{ userId: string; releasedLeads: number }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may delete accounts.");
  if (input.userId === actor.id) return fail("conflict", "You cannot delete your own account.");
  const { found, owns } = await asSystem(db, "admin: delete lookup", async (tx) => ({
    found: (
      await tx
        .select({ email: users.email, customerId: profiles.stripeCustomerId, role: profiles.role })
        .from(users)
        .innerJoin(profiles, eq(profiles.id, users.id))
        .where(eq(users.id, input.userId))
    )[0],
    owns: await ownedTeams(tx, input.userId),
  }));
  if (!found) return fail("not_found", "That user does not exist.");
  if (found.role === "admin")
    return fail("conflict", "Remove this person's admin role before deleting the account.");
  if (found.email.toLowerCase() !== input.confirmEmail) {
    return fail("invalid", "The email does not match this account.", {
      confirmEmail: "Type the account's email exactly.",
    });
  }
  if (owns.length > 0) return ownsTeams(owns);
  // Stripe first, with no transaction open: on the embedded database an open one would hold up every
  // other request for as long as Stripe takes.
  const listed = new Set<string>();
  const canceled: string[] = [];
  if (found.customerId) {
    if (!stripe)
      return fail("unavailable", "Stripe is not configured, so the subscription cannot be canceled.");
    try {
      const subs = await stripe.subscriptions.list({
        customer: found.customerId,
        status: "all",
        limit: 100,
      });
      for (const sub of subs.data) listed.add(sub.id);
      for (const sub of subs.data.filter((s) => LIVE_STATUSES.has(s.status))) {
        await stripe.subscriptions.cancel(sub.id, {}, { idempotencyKey: `frontdesk-delete-${sub.id}` });
        canceled.push(sub.id);
      }
    } catch (error) {
      console.error(`[stripe] canceling before deleting ${input.userId} failed:`, error);
      return fail(
        "unavailable",
        "Stripe did not cancel the subscription, so the account was not deleted. Try again.",
      );
    }
  }
  return asSystem(db, "admin: delete account", async (tx) => {
    if (found.customerId) await lockCustomer(tx, found.customerId);
    const [billing] = await tx
      .select({ customerId: profiles.stripeCustomerId, subscriptionId: profiles.stripeSubscriptionId })
      .from(profiles)
      .where(eq(profiles.id, input.userId))
      .for("update");
    if (!billing) return fail("not_found", "That user does not exist.");
    // Creating a team or handing one over checks the owner's row (a foreign key), so with that row
    // locked no team can gain this owner before the delete, and one that did before is seen here.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).for("update");
    const ownsNow = await ownedTeams(tx, input.userId);
    if (ownsNow.length > 0) return ownsTeams(ownsNow);
    // A checkout finished since Stripe was asked: deleting now would leave that subscription billing.
    if (
      billing.customerId !== found.customerId ||
      (billing.subscriptionId !== null && !listed.has(billing.subscriptionId))
    ) {
      return fail(
        "conflict",
        "This account's subscription changed while it was being deleted. Nothing was deleted; try again.",
      );
    }
    const released = await tx.execute(sql`
      with owned as (
        update leads set claimed_by = null, claimed_at = null, version = version + 1, updated_at = now(), last_activity_at = now()
        where claimed_by = ${input.userId}
        returning id
      )
      insert into lead_events (lead_id, type, actor_id, from_user_id, details)
      select id, 'released', ${actor.id}, ${input.userId}, '{"reason":"owner account deleted"}'::jsonb from owned
      returning lead_id`);
    const releasedLeads = (released as unknown as { rows: unknown[] }).rows.length;
    await writeSystemAudit(tx, actor.id, {
      action: "account.deleted",
      subjectType: "user",
      subjectId: input.userId,
      details: { email: found.email, canceledSubscriptions: canceled, releasedLeads },
    });
    await tx.delete(users).where(eq(users.id, input.userId));
    return { ok: true, userId: input.userId, releasedLeads };
  });
}
