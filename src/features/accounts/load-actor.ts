import { eq, sql } from "drizzle-orm";
import { withActor } from "@/db/rls";
import { profiles, users } from "@/db/schema";
import type { MembershipStatus, Role } from "@/db/schema/values";
import type { Database } from "@/db/types";

/** The signed-in person as the database knows them right now; never built from anything the client sent. */
export type Actor = {
  id: string;
  name: string;
  email: string;
  role: Role;
  isSales: boolean;
  billingExempt: boolean;
  membershipStatus: MembershipStatus;
  trialEndsAt: Date | null;
  graceEndsAt: Date | null;
  billingPeriodEnd: Date | null;
  /** Whether the account proved its email address (accepting a team invitation needs it). */
  emailVerified?: boolean;
  /**
   * Whether a team whose subscription gives access has a seat for this person (app.team_seats, migration
   * 0015). Both ways of reading the actor fill these two; an actor built without them has neither.
   */
  hasTeamSeat?: boolean;
};

export const isAdmin = (actor: Actor) => actor.role === "admin";
export const canUseSalesConsole = (actor: Actor) => actor.role === "admin" || actor.isSales;

/** Reads the actor's own row under their own RLS identity; a deactivated account yields null. */
export async function loadActor(db: Database, userId: string): Promise<Actor | null> {
  const rows = await withActor(db, { id: userId }, (tx) =>
    tx
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        role: profiles.role,
        isSales: profiles.isSales,
        billingExempt: profiles.billingExempt,
        membershipStatus: profiles.membershipStatus,
        trialEndsAt: profiles.trialEndsAt,
        graceEndsAt: profiles.graceEndsAt,
        billingPeriodEnd: profiles.billingPeriodEnd,
        emailVerified: users.emailVerified,
        // Under the actor's own RLS identity the view sees each of their teams whole (co-members are
        // readable), so the seat places are the same as the session lookup's.
        hasTeamSeat: sql<boolean>`exists (select 1 from app.team_seats s where s.user_id = ${users.id} and s.has_access)`,
        deactivatedAt: profiles.deactivatedAt,
      })
      .from(users)
      .innerJoin(profiles, eq(profiles.id, users.id))
      .where(eq(users.id, userId)),
  );
  const row = rows[0];
  if (!row || row.deactivatedAt) return null;
  const { deactivatedAt: _, ...actor } = row;
  return actor;
}
