import { asc, count, eq, ilike, inArray, or } from "drizzle-orm";
import { z } from "zod";
import { withActor } from "@/db/rls";
import { profiles, teamMembers, teams, users } from "@/db/schema";
import type { MembershipStatus, Role, TeamRole } from "@/db/schema/values";
import type { Database } from "@/db/types";
import { pageParam, queryText } from "@/lib/paging";
import { fail, type Result } from "@/lib/result";
import { type Actor, isAdmin } from "./load-actor";

export const listUsersSchema = z.object({
  q: queryText(200),
  page: pageParam,
});
export type ListUsersInput = z.output<typeof listUsersSchema>;

const PAGE_SIZE = 20;

export type UserRow = {
  id: string;
  name: string;
  email: string;
  /** Whether the owner proved the address (only then is the account linked to its leads). */
  emailVerified: boolean;
  createdAt: Date;
  role: Role;
  isSales: boolean;
  billingExempt: boolean;
  billingExemptReason: string | null;
  membershipStatus: MembershipStatus;
  trialEndsAt: Date | null;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  deactivatedAt: Date | null;
  /** The teams the person belongs to, by name, with their role in each (SPEC §8: the team linkage). */
  teams: { id: string; name: string; role: TeamRole }[];
};

export async function listUsers(
  db: Database,
  actor: Actor,
  input: ListUsersInput,
): Promise<Result<{ rows: UserRow[]; total: number; page: number; pageSize: number }>> {
  if (!isAdmin(actor)) return fail("forbidden", "Only admins may list users.");
  const { q, page } = input;
  const where = q ? or(ilike(users.name, `%${q}%`), ilike(users.email, `%${q}%`)) : undefined;
  return withActor(db, actor, async (tx) => {
    const rows = await tx
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        emailVerified: users.emailVerified,
        createdAt: users.createdAt,
        role: profiles.role,
        isSales: profiles.isSales,
        billingExempt: profiles.billingExempt,
        billingExemptReason: profiles.billingExemptReason,
        membershipStatus: profiles.membershipStatus,
        trialEndsAt: profiles.trialEndsAt,
        stripeCustomerId: profiles.stripeCustomerId,
        stripeSubscriptionId: profiles.stripeSubscriptionId,
        deactivatedAt: profiles.deactivatedAt,
      })
      .from(users)
      .innerJoin(profiles, eq(profiles.id, users.id))
      .where(where)
      .orderBy(asc(users.name), asc(users.id))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE);
    const [totals] = await tx.select({ total: count() }).from(users).where(where);
    const ids = rows.map((r) => r.id);
    // One query for the page's memberships rather than one per user.
    const memberships =
      ids.length === 0
        ? []
        : await tx
            .select({ userId: teamMembers.userId, id: teams.id, name: teams.name, role: teamMembers.role })
            .from(teamMembers)
            .innerJoin(teams, eq(teams.id, teamMembers.teamId))
            .where(inArray(teamMembers.userId, ids))
            .orderBy(asc(teams.name), asc(teams.id));
    const teamsOf = (userId: string) =>
      memberships.filter((m) => m.userId === userId).map(({ id, name, role }) => ({ id, name, role }));
    return {
      ok: true,
      rows: rows.map((row) => ({ ...row, teams: teamsOf(row.id) })),
      total: totals?.total ?? 0,
      page,
      pageSize: PAGE_SIZE,
    };
  });
}
