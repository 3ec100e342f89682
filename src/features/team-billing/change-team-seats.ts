import type Stripe from "stripe";
import { z } from "zod";
import { asSystem } from "@/db/rls";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { writeSystemAudit } from "@/features/audit/write-audit";
import { stripeFailure } from "@/features/billing/stripe-failure";
import { syncStripeCustomer } from "@/features/billing/sync-stripe-customer";
import { idText } from "@/features/teams/team-lock";
import { fail, type Result } from "@/lib/result";
import { seatsField, seatsInUse } from "./seat-numbers";
import { billsNow, readManagedTeam } from "./team-billing-context";

export const changeTeamSeatsSchema = z.object({
  teamId: idText("Choose a team."),
  seats: seatsField,
  expectedSeats: z
    .number({ message: "Reload the page and try again." })
    .int("Reload the page and try again.")
    .min(0, "Reload the page and try again."),
});
export type ChangeTeamSeatsInput = z.output<typeof changeTeamSeatsSchema>;

export type SeatChange = {
  /** The seats paid as the sync read them from Stripe after the change. */
  seatsPaid: number;
  /** A raise whose prorated invoice could not be charged: Stripe keeps it waiting until it is paid. */
  pending: boolean;
  invoiceUrl?: string;
  /** What happened, for the person, when it is not simply "done". */
  message?: string;
};

const stale = (seatsPaid: number) =>
  fail(
    "conflict",
    `The seats were changed meanwhile: the team now has ${seatsPaid} paid ${seatsPaid === 1 ? "seat" : "seats"}. Check the number and try again.`,
  );

const invoiceOf = (sub: Stripe.Subscription) =>
  typeof sub.latest_invoice === "string" ? sub.latest_invoice : (sub.latest_invoice?.id ?? null);

/**
 * Sets a team's seats (SPEC §5–6) to an absolute number, never "the current one plus one": owners and
 * admins only, from the number they saw (`expectedSeats`, so two admins at once do not both apply a
 * change made from the same view), and never below the seats in use.
 *
 * Raising bills the rest of the period at once (`always_invoice`) with `pending_if_incomplete`: if the card
 * fails, Stripe keeps the seats as they were and holds the raise as a pending update with an open invoice,
 * which applies the raise once it is paid. Lowering takes effect at once with no credit (`none`).
 *
 * The database's seats change only through the sync, which reads Stripe again; it runs here after the
 * change so the answer is current, and the webhooks run it again. The idempotency key names the team
 * row's version, which every sync changes: a double click sends one change to Stripe, while the same
 * change asked for again later (after going 3 → 4 → 3) is a new request.
 *
 * Not held across Stripe (nothing is): two admins who both saw N can both pass the check in the same
 * moment; Stripe then applies both absolute quantities in turn and the sync records the last. An
 * invitation sent while seats are lowered can leave more seats used than paid; the seat rules cover
 * that (acceptances wait for a seat, seats go by join order).
 */
export async function changeTeamSeats(
  db: Database,
  stripe: Stripe,
  actor: Actor,
  input: ChangeTeamSeatsInput,
): Promise<Result<SeatChange>> {
  const managed = await readManagedTeam(db, actor, input.teamId, "change its seats");
  if (!managed.ok) return managed;
  const { team, usage } = managed.context;
  if (!billsNow(team)) {
    return fail("conflict", "This team has no subscription to change. Buy seats for it first.");
  }
  if (input.expectedSeats !== team.seatsPaid) return stale(team.seatsPaid);
  if (input.seats < usage.used) {
    const message = `${seatsInUse(usage)}, so the team cannot have fewer than ${usage.used}. Remove a member or revoke an invitation first.`;
    return fail("conflict", message, { seats: message });
  }
  if (input.seats === team.seatsPaid) return { ok: true, seatsPaid: team.seatsPaid, pending: false };

  const raising = input.seats > team.seatsPaid;
  let updated: Stripe.Subscription;
  try {
    const current = await stripe.subscriptions.retrieve(team.subscriptionId!);
    const item = current.items.data[0];
    if (!item) return fail("conflict", "This team's subscription has no seats to change.");
    // Stripe changed since the last sync (a change made in Stripe, or another admin's): catch up first.
    if (item.quantity !== team.seatsPaid) {
      const synced = await syncStripeCustomer(db, stripe, team.customerId!);
      return stale(synced.outcome === "team_synced" ? synced.to.seatsPaid : (item.quantity ?? 0));
    }
    const idempotencyKey = `frontdesk-seats-${current.id}-v${team.version}-${team.seatsPaid}-to-${input.seats}`;
    updated = raising
      ? await stripe.subscriptions.update(
          current.id,
          {
            items: [{ id: item.id, quantity: input.seats }],
            proration_behavior: "always_invoice",
            payment_behavior: "pending_if_incomplete",
          },
          { idempotencyKey },
        )
      : await stripe.subscriptions.update(
          current.id,
          { items: [{ id: item.id, quantity: input.seats }], proration_behavior: "none" },
          { idempotencyKey },
        );
  } catch (error) {
    return stripeFailure(error, "seat change");
  }

  const pending = raising && updated.pending_update !== null && updated.pending_update !== undefined;
  let invoiceUrl: string | undefined;
  if (pending) {
    const invoice = invoiceOf(updated);
    try {
      invoiceUrl = invoice
        ? ((await stripe.invoices.retrieve(invoice)).hosted_invoice_url ?? undefined)
        : undefined;
    } catch (error) {
      // The raise is recorded in Stripe either way; the page shows the invoice once Stripe answers.
      console.error(`[stripe] reading the invoice of a pending seat change for ${team.id} failed:`, error);
    }
  }

  let seatsPaid = updated.items.data[0]?.quantity ?? team.seatsPaid;
  try {
    const synced = await syncStripeCustomer(db, stripe, team.customerId!);
    if (synced.outcome === "team_synced") seatsPaid = synced.to.seatsPaid;
  } catch (error) {
    // Stripe has the change; the webhook's sync records it. The answer says what Stripe said.
    console.error(`[stripe] sync after the seat change of ${team.id} failed:`, error);
  }
  await asSystem(db, "team billing: audit seat change", (tx) =>
    writeSystemAudit(tx, actor.id, {
      action: "team.seats_changed",
      subjectType: "team",
      subjectId: team.id,
      details: { team: team.name, seatsFrom: team.seatsPaid, seatsTo: input.seats, pending },
    }),
  );
  if (pending) {
    return {
      ok: true,
      seatsPaid,
      pending: true,
      ...(invoiceUrl ? { invoiceUrl } : {}),
      message: `The card on file was declined for the prorated charge, so the team still has ${seatsPaid} paid ${seatsPaid === 1 ? "seat" : "seats"}. Pay the open invoice and the team gets ${input.seats}; if it is not paid within 23 hours, the raise is dropped.`,
    };
  }
  return { ok: true, seatsPaid, pending: false };
}
