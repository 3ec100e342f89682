import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/query";
import { withActor } from "@/db/rls";
import type { TeamBillingStatus } from "@/db/schema/values";
import type { Database } from "@/db/types";
import { type Actor, isAdmin } from "@/features/accounts/load-actor";
import { pageParam, queryText } from "@/lib/paging";
import { fail, type Result } from "@/lib/result";

export const listAllTeamsSchema = z.object({ q: queryText(200), page: pageParam });
export type ListAllTeamsInput = z.output<typeof listAllTeamsSchema>;

const PAGE_SIZE = 20;

export type AdminTeamRow = {
  id: string;
  name: string;
  createdAt: Date;
  owner: { id: string; name: string; email: string };
  members: number;
  /** Pending, unexpired invitations: they hold seats too. */
  pending: number;
  seatsUsed: number;
  seatsPaid: number;
  billingStatus: TeamBillingStatus;
  cancelAtPeriodEnd: boolean;
  periodEnd: Date | null;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
};

// A search for "50%" means the text 50%, not "50 followed by anything".
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Every team for the Admin Console (`/admin/teams`): owner, members, seats used and paid, billing status
 * and the Stripe linkage, searchable by the team's name, the owner's name or email, or a Stripe id. On the
 * request path: row-level security lets app admins read every team, member and invitation, and the seat
 * numbers come from the one definition (app.actor_team_seat_usage).
 */
export async function listAllTeams(
  db: Database,
  actor: Actor,
  input: ListAllTeamsInput,
): Promise<Result<{ rows: AdminTeamRow[]; total: number; page: number; pageSize: number }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may list every team.");
  const { q, page } = input;
  const pattern = likePattern(q);
  const matches = q
    ? sql`(t.name ilike ${pattern} or o.name ilike ${pattern} or o.email ilike ${pattern}
           or t.stripe_customer_id = ${q} or t.stripe_subscription_id = ${q})`
    : sql`true`;
  return withActor(db, actor, async (tx) => {
    // The page is chosen first, so seat usage is counted for its twenty teams only.
    const rows = await queryRows<{
      id: string;
      name: string;
      created_at: Date | string;
      owner_id: string;
      owner_name: string | null;
      owner_email: string | null;
      seats_paid: number;
      billing_status: TeamBillingStatus;
      cancel_at_period_end: boolean;
      billing_period_end: Date | string | null;
      stripe_customer_id: string | null;
      stripe_subscription_id: string | null;
      members: number | null;
      pending: number | null;
    }>(
      tx,
      sql`with page as (
            select t.id, t.name, t.created_at, t.owner_id, o.name as owner_name, o.email as owner_email,
              t.seats_paid, t.billing_status, t.cancel_at_period_end, t.billing_period_end,
              t.stripe_customer_id, t.stripe_subscription_id
            from teams t left join users o on o.id = t.owner_id
            where ${matches}
            order by lower(t.name), t.id
            limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}
          )
          select page.*, s.members, s.pending
          from page left join lateral app.actor_team_seat_usage(page.id) s on true
          order by lower(page.name), page.id`,
    );
    const [totals] = await queryRows<{ total: number }>(
      tx,
      sql`select count(*)::integer as total from teams t left join users o on o.id = t.owner_id where ${matches}`,
    );
    return {
      ok: true,
      rows: rows.map((r) => {
        const members = Number(r.members ?? 0);
        const pending = Number(r.pending ?? 0);
        return {
          id: r.id,
          name: r.name,
          createdAt: new Date(r.created_at),
          owner: { id: r.owner_id, name: r.owner_name ?? "", email: r.owner_email ?? "" },
          members,
          pending,
          seatsUsed: members + pending,
          seatsPaid: Number(r.seats_paid),
          billingStatus: r.billing_status,
          cancelAtPeriodEnd: r.cancel_at_period_end,
          periodEnd: r.billing_period_end === null ? null : new Date(r.billing_period_end),
          stripeCustomerId: r.stripe_customer_id,
          stripeSubscriptionId: r.stripe_subscription_id,
        };
      }),
      total: Number(totals?.total ?? 0),
      page,
      pageSize: PAGE_SIZE,
    };
  });
}
