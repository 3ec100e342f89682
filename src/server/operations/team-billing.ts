// A team's billing (SPEC §5–6): the operations behind /api/stripe/checkout-org, /api/stripe/seats, the
// team page's billing section, the return from a team checkout and deleting a team that may be paying.
// Each needs a signed-in person; the team role each needs is read by the feature function. Portal, cancel
// and resume for a team are the billing operations with a `teamId` (operations/billing.ts).
import { getStripe } from "@/features/billing/stripe-client";
import { changeTeamSeats, changeTeamSeatsSchema } from "@/features/team-billing/change-team-seats";
import {
  completeTeamCheckoutReturn,
  teamCheckoutReturnSchema,
} from "@/features/team-billing/complete-team-checkout-return";
import { deleteTeamWithBilling } from "@/features/team-billing/delete-team-with-billing";
import { getTeamBilling, teamRefSchema } from "@/features/team-billing/get-team-billing";
import { startTeamCheckout, startTeamCheckoutSchema } from "@/features/team-billing/start-team-checkout";
import { deleteTeamSchema } from "@/features/teams/delete-team";
import { withStripe } from "./billing";
import { defineOperation } from "./define-operation";

/** `{ teamId, plan, seats }` → `{ url }` of the team's Checkout Session (owners and admins). */
export const teamCheckoutOperation = defineOperation({
  name: "start team checkout",
  access: "signed-in",
  input: startTeamCheckoutSchema,
  run: ({ db, actor }, input) => withStripe((stripe) => startTeamCheckout(db, stripe, actor, input)),
});

/** `{ teamId, seats, expectedSeats }` → `{ seatsPaid, pending, invoiceUrl?, message? }` (owners and admins). */
export const teamSeatsOperation = defineOperation({
  name: "change team seats",
  access: "signed-in",
  input: changeTeamSeatsSchema,
  run: ({ db, actor }, input) => withStripe((stripe) => changeTeamSeats(db, stripe, actor, input)),
});

/** The team page's billing for owners and admins: plan, invoices, a seat raise waiting for payment. */
export const teamBillingOperation = defineOperation({
  name: "team billing",
  access: "signed-in",
  input: teamRefSchema,
  run: ({ db, actor }, input) => getTeamBilling(db, getStripe(), actor, input),
});

/** Back from a team checkout with a session id: the webhook's sync, so the seats work at once. */
export const teamCheckoutReturnOperation = defineOperation({
  name: "team checkout return",
  access: "signed-in",
  input: teamCheckoutReturnSchema,
  run: ({ db, actor }, input) =>
    withStripe(async (stripe) => ({
      ok: true,
      synced: await completeTeamCheckoutReturn(db, stripe, actor, input),
    })),
});

/**
 * The owner deletes a team: its Stripe subscription is canceled first (if Stripe refuses, nothing
 * changes), then the team goes. The only way to delete a team, so a paying one is never orphaned.
 */
export const deleteTeamOperation = defineOperation({
  name: "delete team",
  access: "signed-in",
  input: deleteTeamSchema,
  run: ({ db, actor }, input) => deleteTeamWithBilling(db, getStripe(), actor, input),
});
