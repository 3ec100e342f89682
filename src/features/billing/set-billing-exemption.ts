import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { z } from "zod";
import { asSystem } from "@/db/rls";
import { profiles } from "@/db/schema";
import type { Database } from "@/db/types";
import type { MembershipStatus } from "@/features/accounts/access";
import { type Actor, isAdmin } from "@/features/accounts/load-actor";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { fail, type Result } from "@/lib/result";
import { LIVE_STATUSES } from "./pick-subscription";
import { lockCustomer } from "./sync-stripe-customer";

export const setBillingExemptionSchema = z
  .object({
    userId: z.string().min(1, "Choose a user."),
    exempt: z.boolean(),
    reason: z.string().trim().max(500, "Keep the reason under 500 characters.").optional().default(""),
  })
  .refine((v) => !v.exempt || v.reason.length > 0, {
    path: ["reason"],
    message: "Say why this account is billing exempt.",
  });
export type SetBillingExemptionInput = z.output<typeof setBillingExemptionSchema>;

type ExemptionResult = Result<{ userId: string; exempt: boolean; membershipStatus: MembershipStatus }>;

const stateOf = (profile: typeof profiles.$inferSelect): ExemptionResult => ({
  ok: true,
  userId: profile.id,
  exempt: profile.billingExempt,
  membershipStatus: profile.membershipStatus,
});

/**
 * The comped-account toggle (SPEC §6). Turning it on cancels the Stripe subscription first; if Stripe
 * refuses or cannot be reached, nothing in the database changes.
 * It runs on the system path, so the admin checks here and in the operation are the guard: row-level
 * security does not check the actor again.
 */
export async function setBillingExemption(
  db: Database,
  stripe: Stripe | null,
  actor: Actor,
  input: SetBillingExemptionInput,
): Promise<ExemptionResult> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may change billing exemption.");
  return input.exempt ? exemptionOn(db, stripe, actor, input) : exemptionOff(db, actor, input.userId);
}

/**
 * Stripe is called with no transaction open, so a slow Stripe holds up nobody else; the comp is then
 * written in one short transaction. The webhook for the cancellation may run its sync before that
 * transaction or after it: before, the sync records the canceled subscription and the comp then clears it,
 * keeping the standing the account had when the admin comped it (so the cancellation is not held against
 * it); after, the sync sees the exemption and leaves the account alone.
 */
async function exemptionOn(
  db: Database,
  stripe: Stripe | null,
  actor: Actor,
  input: SetBillingExemptionInput,
): Promise<ExemptionResult> {
  const [seen] = await asSystem(db, "admin: billing exemption read", (tx) =>
    tx.select().from(profiles).where(eq(profiles.id, input.userId)),
  );
  if (!seen) return fail("not_found", "That user does not exist.");
  if (seen.billingExempt) return stateOf(seen);

  const listed = new Set<string>();
  const canceled: string[] = [];
  if (seen.stripeCustomerId) {
    if (!stripe)
      return fail("unavailable", "Stripe is not configured, so the subscription cannot be canceled.");
    try {
      const subs = await stripe.subscriptions.list({
        customer: seen.stripeCustomerId,
        status: "all",
        limit: 100,
      });
      for (const sub of subs.data) listed.add(sub.id);
      for (const sub of subs.data.filter((s) => LIVE_STATUSES.has(s.status))) {
        await stripe.subscriptions.cancel(sub.id, {}, { idempotencyKey: `frontdesk-comp-${sub.id}` });
        canceled.push(sub.id);
      }
    } catch (error) {
      console.error(`[stripe] canceling for exemption of ${seen.id} failed:`, error);
      return fail(
        "unavailable",
        `Stripe did not cancel the subscription (${(error as Error).message}). Nothing was changed; try again.`,
      );
    }
  }

  return asSystem(db, "admin: billing exemption on", async (tx): Promise<ExemptionResult> => {
    // The customer lock comes before the row lock, in the same order as the sync: the other way round, a
    // webhook sync and this toggle deadlock on PostgreSQL.
    if (seen.stripeCustomerId) await lockCustomer(tx, seen.stripeCustomerId);
    const [profile] = await tx.select().from(profiles).where(eq(profiles.id, seen.id)).for("update");
    if (!profile) return fail("not_found", "That user does not exist.");
    if (profile.billingExempt) return stateOf(profile);
    // A first checkout linked a customer, or a subscription appeared, after Stripe was asked: that one has
    // not been canceled, so comping now would leave it billing.
    const unseen =
      profile.stripeCustomerId !== seen.stripeCustomerId ||
      (profile.stripeSubscriptionId !== null && !listed.has(profile.stripeSubscriptionId));
    if (unseen) {
      return fail(
        "conflict",
        "This account's subscription changed while it was being comped. Nothing was changed; try again.",
      );
    }
    const membershipStatus = seen.membershipStatus === "trial" ? "active" : seen.membershipStatus;
    const now = new Date();
    await tx
      .update(profiles)
      .set({
        billingExempt: true,
        billingExemptReason: input.reason,
        billingExemptBy: actor.id,
        billingExemptAt: now,
        stripeSubscriptionId: null,
        stripePriceId: null,
        cancelAtPeriodEnd: false,
        graceEndsAt: null,
        membershipStatus,
        updatedAt: now,
      })
      .where(eq(profiles.id, profile.id));
    await writeSystemAudit(tx, actor.id, {
      action: "billing.exemption_on",
      subjectType: "user",
      subjectId: profile.id,
      details: { reason: input.reason, canceledSubscriptions: canceled },
    });
    return { ok: true, userId: profile.id, exempt: true, membershipStatus };
  });
}

/** A comped account has no subscription, so it becomes inactive; no Stripe call is needed. */
async function exemptionOff(db: Database, actor: Actor, userId: string): Promise<ExemptionResult> {
  return asSystem(db, "admin: billing exemption off", async (tx): Promise<ExemptionResult> => {
    const [linked] = await tx
      .select({ customerId: profiles.stripeCustomerId })
      .from(profiles)
      .where(eq(profiles.id, userId));
    if (linked?.customerId) await lockCustomer(tx, linked.customerId);
    const [profile] = await tx.select().from(profiles).where(eq(profiles.id, userId)).for("update");
    if (!profile) return fail("not_found", "That user does not exist.");
    if (!profile.billingExempt) return stateOf(profile);
    await tx
      .update(profiles)
      .set({
        billingExempt: false,
        billingExemptReason: null,
        billingExemptBy: null,
        billingExemptAt: null,
        membershipStatus: "inactive",
        updatedAt: new Date(),
      })
      .where(eq(profiles.id, profile.id));
    await writeSystemAudit(tx, actor.id, {
      action: "billing.exemption_off",
      subjectType: "user",
      subjectId: profile.id,
      details: { previousReason: profile.billingExemptReason },
    });
    return { ok: true, userId: profile.id, exempt: false, membershipStatus: "inactive" };
  });
}
