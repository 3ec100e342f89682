import type Stripe from "stripe";
import { z } from "zod";
import { appUrl } from "@/config/env";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { expireSession, openOneCheckoutSession } from "@/features/billing/one-open-session";
import { LIVE_STATUSES } from "@/features/billing/pick-subscription";
import { planByKey } from "@/features/billing/plans";
import { resolvePriceId } from "@/features/billing/resolve-price";
import { stripeFailure } from "@/features/billing/stripe-failure";
import { idText } from "@/features/teams/team-lock";
import { fail, type Result } from "@/lib/result";
import { ensureTeamCustomer } from "./ensure-team-customer";
import { seatsField, seatsInUse } from "./seat-numbers";
import { billsNow, readManagedTeam, readTeamBilling } from "./team-billing-context";
import { claimTeamCheckoutGeneration } from "./team-checkout-generation";

export const startTeamCheckoutSchema = z.object({
  teamId: idText("Choose a team."),
  plan: z.enum(["team_monthly", "team_yearly"], { message: "Choose a team plan." }),
  seats: seatsField,
});
export type StartTeamCheckoutInput = z.output<typeof startTeamCheckoutSchema>;

const SUPERSEDED =
  "Someone started a checkout for this team with another plan or number of seats, so this one was closed. Reload the page to see it, or start again.";

const ALREADY_SUBSCRIBED =
  "This team already has a subscription. Change its seats, or manage it from the billing portal.";

/**
 * A team's Checkout Session (SPEC §5–6): a plan key and a number of seats, never a price or a return URL
 * from the browser; only the team's owner and admins, and never a billing-exempt account (nothing of
 * theirs is paid for, so it would be a payment nobody asked for). At least the seats in use.
 *
 * The team has one customer, made once, and at most one open session whoever of its managers starts
 * it: the session is the team's, not the person's (no person in its parameters, so two admins asking for
 * the same plan and seats share one session through the idempotency key), and generations work as for
 * an account (openOneCheckoutSession). If the team is deleted while the session is made, the session is
 * expired again: deleting a team expires its open sessions first, and this closes the other order.
 */
export async function startTeamCheckout(
  db: Database,
  stripe: Stripe,
  actor: Actor,
  input: StartTeamCheckoutInput,
): Promise<Result<{ url: string }>> {
  if (actor.billingExempt) {
    return fail(
      "forbidden",
      "Your account is complimentary, so it cannot pay for a team. Ask another owner or admin of the team to buy the seats.",
    );
  }
  const managed = await readManagedTeam(db, actor, input.teamId, "buy seats for it");
  if (!managed.ok) return managed;
  const { team, usage } = managed.context;
  if (input.seats < usage.used) {
    const message = `${seatsInUse(usage)}, so buy at least ${usage.used} ${usage.used === 1 ? "seat" : "seats"}.`;
    return fail("invalid", message, { seats: message });
  }
  if (billsNow(team)) return fail("conflict", ALREADY_SUBSCRIBED);
  const plan = planByKey(input.plan)!;
  try {
    const customer = await ensureTeamCustomer(db, stripe, team);
    const subscriptions = await stripe.subscriptions.list({ customer, status: "all", limit: 100 });
    if (subscriptions.data.some((s) => LIVE_STATUSES.has(s.status)))
      return fail("conflict", ALREADY_SUBSCRIBED);
    const price = await resolvePriceId(stripe, plan);
    if (!price) return fail("unavailable", "This plan is not available right now. Please try again later.");

    const seats = String(input.seats);
    const opened = await openOneCheckoutSession(stripe, {
      customer,
      claim: (stale) => claimTeamCheckoutGeneration(db, team.id, `${plan.key}:${seats}`, stale),
      create: (generation, marks) =>
        stripe.checkout.sessions.create(
          {
            mode: "subscription",
            customer,
            client_reference_id: team.id,
            line_items: [{ price, quantity: input.seats }],
            success_url: `${appUrl()}/team/${team.id}?checkout={CHECKOUT_SESSION_ID}`,
            cancel_url: `${appUrl()}/team/${team.id}?checkout=canceled`,
            metadata: { frontdeskTeamId: team.id, plan: plan.key, seats, ...marks },
            subscription_data: { metadata: { frontdeskTeamId: team.id, plan: plan.key } },
          },
          { idempotencyKey: `frontdesk-team-checkout-${team.id}-g${generation}` },
        ),
      sameIntent: (session) => session.metadata?.plan === plan.key && session.metadata?.seats === seats,
      superseded: SUPERSEDED,
    });
    if (!opened.ok) return opened;
    if (!(await readTeamBilling(db, team.id, actor.id))) {
      await expireSession(stripe, await stripe.checkout.sessions.retrieve(opened.sessionId));
      return fail("not_found", "This team was deleted, so there is nothing to buy seats for.");
    }
    return { ok: true, url: opened.url };
  } catch (error) {
    return stripeFailure(error, "team checkout");
  }
}
