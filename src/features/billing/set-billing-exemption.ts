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

class StripeRefused extends Error {}

/**
 * The comped-account toggle (SPEC §6). Turning it on cancels the Stripe subscription first; if Stripe
 * refuses or cannot be reached, nothing in the database changes. The customer lock keeps a webhook for
 * that cancellation from slipping in before the exemption commits.
 */
export async function setBillingExemption(
  db: Database,
  stripe: Stripe | null,
  actor: Actor,
  input: SetBillingExemptionInput,
): Promise<Result<{ userId: string; exempt: boolean; membershipStatus: MembershipStatus }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may change billing exemption.");
  try {
    return await asSystem(db, "admin: billing exemption", async (tx) => {
      // The customer lock comes before the row lock, in the same order as the sync (lock, then row):
      // the other way round, a webhook sync and this toggle deadlock on PostgreSQL.
      const [linked] = await tx
        .select({ customerId: profiles.stripeCustomerId })
        .from(profiles)
        .where(eq(profiles.id, input.userId));
      if (linked?.customerId) await lockCustomer(tx, linked.customerId);
      const [profile] = await tx.select().from(profiles).where(eq(profiles.id, input.userId)).for("update");
      if (!profile) return fail("not_found", "That user does not exist.");
      if (profile.billingExempt === input.exempt) {
        return {
          ok: true,
          userId: profile.id,
          exempt: input.exempt,
          membershipStatus: profile.membershipStatus,
        };
      }
      if (!input.exempt) {
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
      }

      const canceled: string[] = [];
      if (profile.stripeCustomerId) {
        // Linked by a first checkout since the read above; lock it now (the advisory lock is re-entrant).
        if (profile.stripeCustomerId !== linked?.customerId) await lockCustomer(tx, profile.stripeCustomerId);
        if (!stripe)
          throw new StripeRefused("Stripe is not configured, so the subscription cannot be canceled.");
        try {
          const subs = await stripe.subscriptions.list({
            customer: profile.stripeCustomerId,
            status: "all",
            limit: 100,
          });
          for (const sub of subs.data.filter((s) => LIVE_STATUSES.has(s.status))) {
            await stripe.subscriptions.cancel(sub.id, {}, { idempotencyKey: `frontdesk-comp-${sub.id}` });
            canceled.push(sub.id);
          }
        } catch (error) {
          console.error(`[stripe] canceling for exemption of ${profile.id} failed:`, error);
          throw new StripeRefused(
            `Stripe did not cancel the subscription (${(error as Error).message}). Nothing was changed; try again.`,
          );
        }
      }
      const membershipStatus = profile.membershipStatus === "trial" ? "active" : profile.membershipStatus;
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
  } catch (error) {
    if (error instanceof StripeRefused) return fail("unavailable", error.message);
    throw error;
  }
}
