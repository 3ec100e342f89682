import type Stripe from "stripe";
import { z } from "zod";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { type InvoiceSummary, listInvoices } from "@/features/billing/list-invoices";
import { planOfPrice } from "@/features/billing/plan-of-price";
import type { Plan } from "@/features/billing/plans";
import { idText } from "@/features/teams/team-lock";
import type { Result } from "@/lib/result";
import { readManagedTeam } from "./team-billing-context";

export const teamRefSchema = z.object({ teamId: idText("Choose a team.") });

/** A raise of seats that waits for its prorated invoice to be paid (the card was declined). */
export type PendingSeatChange = { seats: number; invoiceUrl: string | null; expiresAt: Date };

export type TeamBilling = {
  plan: Plan | null;
  /** Null when Stripe could not be asked (the page says so instead of showing none). */
  invoices: InvoiceSummary[] | null;
  paymentsConfigured: boolean;
  pendingSeatChange?: PendingSeatChange;
};

async function pendingSeatChangeOf(stripe: Stripe, subscriptionId: string) {
  try {
    const sub = await stripe.subscriptions.retrieve(subscriptionId, { expand: ["latest_invoice"] });
    const pending = sub.pending_update;
    const seats = pending?.subscription_items?.[0]?.quantity;
    if (!pending || seats === undefined) return undefined;
    const invoice = typeof sub.latest_invoice === "object" ? sub.latest_invoice : null;
    return {
      seats,
      invoiceUrl: invoice?.status === "open" ? (invoice.hosted_invoice_url ?? null) : null,
      expiresAt: new Date(pending.expires_at * 1000),
    };
  } catch (error) {
    console.error(`[stripe] reading the pending seat change of ${subscriptionId} failed:`, error);
    return undefined;
  }
}

/**
 * What the team page's billing section shows its owners and admins beyond getTeam: the plan, recent
 * invoices, and a raise of seats still waiting for payment. Members see the team's status through getTeam.
 */
export async function getTeamBilling(
  db: Database,
  stripe: Stripe | null,
  actor: Actor,
  input: z.output<typeof teamRefSchema>,
): Promise<Result<TeamBilling>> {
  const managed = await readManagedTeam(db, actor, input.teamId, "see its billing");
  if (!managed.ok) return managed;
  const { team } = managed.context;
  if (!stripe) return { ok: true, plan: null, invoices: [], paymentsConfigured: false };
  const plan = await planOfPrice(stripe, team.priceId);
  const invoices = team.customerId ? await listInvoices(stripe, team.customerId) : [];
  const pendingSeatChange = team.subscriptionId
    ? await pendingSeatChangeOf(stripe, team.subscriptionId)
    : undefined;
  return {
    ok: true,
    plan,
    invoices,
    paymentsConfigured: true,
    ...(pendingSeatChange ? { pendingSeatChange } : {}),
  };
}
