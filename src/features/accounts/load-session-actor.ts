import { sql } from "drizzle-orm";
import { queryRows } from "@/db/query";
import type { Database } from "@/db/types";
import type { MembershipStatus } from "./access";
import type { Actor } from "./load-actor";

type SessionActorRow = {
  id: string;
  name: string;
  email: string;
  role: Actor["role"];
  is_sales: boolean;
  billing_exempt: boolean;
  membership_status: MembershipStatus;
  trial_ends_at: Date | string | null;
  grace_ends_at: Date | string | null;
  billing_period_end: Date | string | null;
  session_expires_at: Date | string;
  email_verified: boolean;
  has_team_seat: boolean;
};

const toDate = (value: Date | string | null) => (value === null ? null : new Date(value));

/**
 * The actor behind a session token (already checked against its signature) and when the session expires,
 * in one statement (app.session_actor); null for an unknown or expired session or a deactivated account.
 */
export async function loadSessionActor(
  db: Database,
  token: string,
): Promise<{ actor: Actor; sessionExpiresAt: Date } | null> {
  const [row] = await queryRows<SessionActorRow>(db, sql`select * from app.session_actor(${token})`);
  if (!row) return null;
  return {
    actor: {
      id: row.id,
      name: row.name,
      email: row.email,
      role: row.role,
      isSales: row.is_sales,
      billingExempt: row.billing_exempt,
      membershipStatus: row.membership_status,
      trialEndsAt: toDate(row.trial_ends_at),
      graceEndsAt: toDate(row.grace_ends_at),
      billingPeriodEnd: toDate(row.billing_period_end),
      emailVerified: row.email_verified,
      hasTeamSeat: row.has_team_seat,
    },
    sessionExpiresAt: new Date(row.session_expires_at),
  };
}
