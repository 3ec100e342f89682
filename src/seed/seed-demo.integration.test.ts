import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { systemRows } from "../../tests/helpers/db";
import { getAuth } from "../auth/auth";
import { getDb } from "../db/client";
import { memberAccess } from "../features/accounts/access";
import { loadActor } from "../features/accounts/load-actor";
import { dashboardRangeSchema } from "../features/dashboard/dashboard-range";
import { loadDashboard } from "../features/dashboard/load-dashboard";
import { getTeam } from "../features/teams/get-team";
import { demoLoginsText, seedDemo } from "./seed-demo";

describe("demo data", () => {
  it("seeds the demo accounts, about 200 leads across statuses and owners with notes and history, and the unpaid team", async () => {
    const started = Date.now();
    const billing = { skipped: "this test has no Stripe" };
    expect(await seedDemo(await getDb(), await getAuth(), billing)).toBe(true);
    const [leads] = await systemRows<{ n: number; owners: number; statuses: number; open: number }>(
      sql`select count(*)::int as n, count(distinct claimed_by)::int as owners, count(distinct status)::int as statuses,
                 count(*) filter (where claimed_by is null)::int as open from leads`,
    );
    expect(leads).toMatchObject({ n: 200, owners: 3, statuses: 6 });
    expect(leads!.open).toBeGreaterThan(20);
    const [extra] = await systemRows<{ notes: number; events: number; counted: number }>(
      sql`select (select count(*)::int from lead_notes) as notes, (select count(*)::int from lead_events) as events,
                 (select sum(n)::int from lead_counts) as counted`,
    );
    expect(extra!.notes).toBeGreaterThan(20);
    expect(extra!.events).toBeGreaterThan(200);
    expect(extra!.counted).toBe(200);
    expect(Date.now() - started).toBeLessThan(20_000);

    // Six months of history the dashboard tells a story from: its facts are the timeline's, leads came in
    // every month, and the funnel has reached, won, lost and waiting leads.
    const admin = (
      await systemRows<{ id: string }>(sql`select id from users where email = 'admin@frontdesk.test'`)
    )[0]!;
    const board = await loadDashboard(
      await getDb(),
      (await loadActor(await getDb(), admin.id))!,
      dashboardRangeSchema.parse({ range: "all" }),
      { timeZone: "UTC" },
    );
    if (!board.ok) throw new Error(board.message);
    const reached = Object.fromEntries(board.funnel.reached.map((r) => [r.stage, r.count]));
    expect(reached.new).toBe(200);
    expect(reached.contacted).toBeGreaterThan(reached.qualified!);
    expect(reached.qualified).toBeGreaterThan(reached.closed_won!);
    expect(reached.closed_won).toBeGreaterThan(5);
    expect(board.funnel.lost).toBeGreaterThan(10);
    expect(board.firstContact.within1h).toBeGreaterThan(0);
    expect(board.firstContact.waiting).toBeGreaterThan(0);
    expect(board.weekly.length).toBeGreaterThanOrEqual(26);
    expect(board.weekly.filter((w) => w.count > 0).length).toBeGreaterThan(20);
    expect(board.reps.filter((r) => r.id && r.won > 0).length).toBeGreaterThanOrEqual(2);
    const [months] = await systemRows<{ n: number }>(
      sql`select count(distinct date_trunc('month', created_at))::int as n from leads
          where created_at > now() - interval '183 days'`,
    );
    expect(months!.n).toBeGreaterThanOrEqual(6);
    const [facts] = await systemRows<{ wrong: number }>(
      sql`select count(*)::int as wrong from leads where status = 'closed_won' and (won_at is null or highest_stage <> 4)`,
    );
    expect(facts!.wrong).toBe(0);

    // Without Stripe nobody pays (the paying members stay on their trial), and carla is still comped.
    const rows = await systemRows<{
      email: string;
      membership_status: string;
      billing_exempt: boolean;
      stripe_customer_id: string | null;
      trial_running: boolean;
    }>(
      sql`select u.email, p.membership_status, p.billing_exempt, p.stripe_customer_id,
                 p.trial_ends_at > now() as trial_running
          from profiles p join users u on u.id = p.id order by u.email`,
    );
    const of = (name: string) => rows.find((r) => r.email === `${name}@frontdesk.test`);
    for (const name of ["andy", "pat"]) {
      expect(of(name)).toMatchObject({
        membership_status: "trial",
        trial_running: true,
        stripe_customer_id: null,
      });
    }
    expect(of("carla")).toMatchObject({ membership_status: "active", billing_exempt: true });
    expect(rows.filter((r) => r.stripe_customer_id !== null)).toEqual([]);

    // Acme Robotics is there as a team is before its checkout: otto owns it, no seats are paid, and so
    // nobody could be invited (tess is not in it, nora has no invitation). Nothing claims a payment.
    const teams = await systemRows<{
      id: string;
      name: string;
      owner_id: string;
      billing_status: string;
      seats_paid: number;
      stripe_customer_id: string | null;
    }>(sql`select id, name, owner_id, billing_status, seats_paid, stripe_customer_id from teams`);
    const idOf = async (name: string) =>
      (
        await systemRows<{ id: string }>(sql`select id from users where email = ${`${name}@frontdesk.test`}`)
      )[0]?.id;
    const ottoId = (await idOf("otto"))!;
    expect(teams).toEqual([
      {
        id: expect.any(String),
        name: "Acme Robotics",
        owner_id: ottoId,
        billing_status: "none",
        seats_paid: 0,
        stripe_customer_id: null,
      },
    ]);
    const otto = (await loadActor(await getDb(), ottoId))!;
    const page = await getTeam(await getDb(), otto, { teamId: teams[0]!.id });
    if (!page.ok) throw new Error(page.message);
    expect(page.team.seats).toEqual({ members: 1, pending: 0, used: 1, paid: 0, free: 0 });
    expect(page.team.members.map((m) => [m.email, m.role])).toEqual([["otto@frontdesk.test", "owner"]]);
    expect(page.team.invitations).toEqual([]);
    const [invited] = await systemRows<{ n: number }>(
      sql`select (select count(*)::int from team_invitations) + (select count(*)::int from mail_outbox where kind = 'team_invitation') as n`,
    );
    expect(invited!.n).toBe(0);
    expect(await idOf("nora")).toBeUndefined();
    // The team's people confirmed their addresses either way; their own trials ended long ago, so without
    // the team's seats they have no access (honestly: nobody paid for any).
    const verified = await systemRows<{ email: string; email_verified: boolean }>(
      sql`select email, email_verified from users where email in ('otto@frontdesk.test', 'tess@frontdesk.test')
          order by email`,
    );
    expect(verified.map((u) => [u.email, u.email_verified])).toEqual([
      ["otto@frontdesk.test", true],
      ["tess@frontdesk.test", true],
    ]);
    expect(memberAccess(otto)).toEqual({ allowed: false, reason: "inactive" });
    expect(of("tess")).toMatchObject({ membership_status: "inactive", stripe_customer_id: null });
    // Everyone else signed up without opening the link, as before.
    const [others] = await systemRows<{ n: number }>(
      sql`select count(*)::int as n from users where email_verified`,
    );
    expect(others!.n).toBe(2);

    // The logins printed at start-up name the team's owner, member and pending invitation.
    const text = demoLoginsText();
    expect(text).toMatch(/otto@frontdesk\.test +owner of the team Acme Robotics \(3 of 5 seats used/);
    expect(text).toMatch(/tess@frontdesk\.test +member of Acme Robotics/);
    expect(text).toMatch(/nora@frontdesk\.test +no account: invited to Acme Robotics, pending/);

    // Seeding again changes nothing: the demo is seeded once.
    expect(await seedDemo(await getDb(), await getAuth(), billing)).toBe(false);
    const [again] = await systemRows<{ users: number; teams: number; leads: number }>(
      sql`select (select count(*)::int from users) as users, (select count(*)::int from teams) as teams,
                 (select count(*)::int from leads) as leads`,
    );
    expect(again).toEqual({ users: 11, teams: 1, leads: 200 });
  });
});
