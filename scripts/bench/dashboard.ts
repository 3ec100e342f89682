// npm run bench:dashboard -- [--n 10000,100000,1000000] [--runs 30] [--naive-runs 5] [--fresh] [--no-recount]
//                             [--explain]
//
// Seeds N leads with three years of realistic timelines and measures the sales dashboard's data the way
// Frontdesk answers it (loadDashboard as a sales rep, under row-level security: facts kept on each lead and
// in trigger-kept tables, migration 0017) and the way a CRM without kept facts would (every number derived
// from the lead_events timeline, as the system), for the default 30 days and all time. It checks that both
// give the same numbers. PostgreSQL when DATABASE_URL is set (a database frontdesk_bench_dash_<N> per N, kept
// for re-runs unless --fresh), else an in-memory PGlite. N defaults to 10k, 100k and 1M on PostgreSQL, 10k
// and 100k on PGlite; BENCH_N / BENCH_RUNS override.
//
// --naive-runs: runs of the timeline way at N ≥ 1M (below that it runs --runs times like ours).
// --no-recount: after seeding, skip the check that app.recount_lead_facts() (the project's own definition of
// the facts, run in a transaction that is rolled back) computes exactly the facts the seed wrote.
// --explain: EXPLAIN (ANALYZE, BUFFERS) of every statement the dashboard's parts send, as the system, at the
// largest N.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type SQL, sql } from "drizzle-orm";
import { appTimeZone } from "../../src/config/env";
import { queryRows } from "../../src/db/query";
import { asSystem, withActor } from "../../src/db/rls";
import type { Database, DatabaseHandle, Tx } from "../../src/db/types";
import { loadActor } from "../../src/features/accounts/load-actor";
import { readActivity, readRevenue } from "../../src/features/dashboard/activity";
import { readCohort } from "../../src/features/dashboard/cohort";
import {
  type DashboardRange,
  dashboardRangeSchema,
  resolveDashboardRange,
} from "../../src/features/dashboard/dashboard-range";
import { type Dashboard, loadDashboard } from "../../src/features/dashboard/load-dashboard";
import { readPipelineNow } from "../../src/features/dashboard/pipeline-now";
import { type DashboardSpan, momentsWhere } from "../../src/features/dashboard/range-sql";
import { readWeeklyLeads } from "../../src/features/dashboard/weekly-leads";
import { isoWeekLabel, parseCalendarDate } from "../../src/features/dashboard/zoned-time";
import { PIPELINE_STAGES } from "../../src/features/leads/lead-slice";
import { LEAD_STATUSES, LOSS_REASONS } from "../../src/features/leads/options";
import { driver, flag, option, postgresUrl, sizes } from "./bench-args";
import { openBenchDatabase } from "./bench-database";

const runs = Number(option("runs") ?? process.env.BENCH_RUNS ?? 30);
const naiveRuns = Number(option("naive-runs") ?? 5);
const timeZone = appTimeZone();

const REPS = 6;
const REP_NAMES = ["Sam Seller", "Rita Reyes", "Jane Smith", "Omar Haddad", "Lena Novak", "Theo Rossi"];
/** Bump when the seed changes: a kept database seeded by another version is seeded again. */
const SEED_VERSION = 2;

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function machine() {
  const cpus = os.cpus();
  console.log(
    `machine: ${cpus[0]?.model ?? "unknown cpu"} × ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
      `node ${process.version}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
  );
}

async function databaseInfo(db: Database) {
  const [row] = await queryRows<{
    version: string;
    shared_buffers: string;
    work_mem: string;
    workers: string;
  }>(
    db,
    sql`select version() as version, current_setting('shared_buffers') as shared_buffers,
          current_setting('work_mem') as work_mem,
          current_setting('max_parallel_workers_per_gather') as workers`,
  );
  const pglite =
    driver === "pglite"
      ? `PGlite ${JSON.parse(fs.readFileSync(path.join(process.cwd(), "node_modules/@electric-sql/pglite/package.json"), "utf8")).version} (in memory), `
      : "node-postgres, ";
  console.log(
    `database: ${pglite}${row?.version.split(" on ")[0]}, shared_buffers ${row?.shared_buffers}, work_mem ${row?.work_mem}, ` +
      `max_parallel_workers_per_gather ${row?.workers}, APP_TIMEZONE ${timeZone}`,
  );
}

const open = (n: number) =>
  openBenchDatabase({ postgresUrl, name: `frontdesk_bench_dash_${n}`, fresh: flag("fresh") });

type SeedInfo = {
  n: number;
  version: number;
  seeded_at: string;
  seed_ms: number;
  recount_ms: number | null;
  recount_diff: number | null;
  /** app.rebuild_dashboard_rollups() against the trigger-kept rollups: its time and the tables that differ. */
  rebuild_ms: number;
  rebuild_diff: string[];
  vacuum_ms: number;
};

/** A progress note on a terminal, overwritten by the next one ("" clears it); nothing in a log. */
function progress(text: string) {
  if (process.stdout.isTTY) process.stdout.write(`\r${" ".repeat(40)}\r${text ? `    … ${text}` : ""}`);
}

async function step(label: string, fn: () => Promise<unknown>) {
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  console.log(`    ${label.padEnd(64)} ${seconds(ms).padStart(8)}`);
  return ms;
}

/**
 * Six sales reps and an admin; N leads submitted uniformly over the three years before now, each with a
 * timeline in lead_events that its state follows from: submitted; for 90 % a claim 5 minutes to 3 days
 * later; the owner's status changes walking up new → contacted → qualified → converted → closed_won (each
 * intermediate stage skipped with probability 0.2), some moving back a stage, about a fifth ending
 * closed_lost with a reason, about 8 % closed_won; 4 % reassigned by the admin on the way. Half the wins
 * come from the closed loop: the prospect signs up (a users row, the lead linked and converted by the
 * system) and starts paying (a system move to closed_won; the account's MRR on its profile, from which the
 * trigger fills lead_revenue). A walk is cut at now: a recent lead has had less time to move. The facts of
 * migration 0017 are written by the same bulk SQL (what app.recount_lead_facts() derives from the timeline;
 * checked afterwards). All set-based: INSERT … SELECT from generate_series and random().
 */
async function seed(handle: DatabaseHandle, n: number): Promise<SeedInfo> {
  const { db } = handle;
  await db.execute(
    sql`create table if not exists bench_dash_meta (id int primary key default 1, info jsonb not null)`,
  );
  const [kept] = await queryRows<{ info: SeedInfo }>(db, sql`select info from bench_dash_meta where id = 1`);
  const [count] = await asSystem(db, "bench: count", (tx) =>
    queryRows<{ n: number }>(tx, sql`select count(*)::int as n from leads`),
  );
  if (kept && kept.info.n === n && kept.info.version === SEED_VERSION && Number(count?.n) === n) {
    console.log(
      `  reusing the seeded bench database (seeded ${kept.info.seeded_at} in ${seconds(kept.info.seed_ms)}; --fresh rebuilds)`,
    );
    return kept.info;
  }
  const workMem = driver === "postgres" ? "256MB" : "64MB";
  const started = performance.now();
  console.log(`  seeding ${n.toLocaleString()} leads:`);
  let seededAt = "";
  await asSystem(db, "bench: seed", async (tx) => {
    await tx.execute(sql.raw(`set local work_mem = '${workMem}'`));
    await tx.execute(sql.raw(`set local maintenance_work_mem = '${workMem}'`));
    const [at] = await queryRows<{ now: string }>(tx, sql`select now()::text as now`);
    seededAt = at!.now;
    await step("clear (truncate leads cascade, bench customers)", async () => {
      await tx.execute(sql`truncate leads cascade`);
      await tx.execute(sql`delete from users where id like 'bench-cust-%'`);
      await tx.execute(sql`drop table if exists bench_plan, bench_ev, bench_state, bench_lead`);
    });
    await step("staff: 6 sales reps, 1 admin (users → profiles)", async () => {
      await tx.execute(sql`
        insert into users (id, name, email)
        select 'bench-rep-' || i, (${sql.raw(`array[${REP_NAMES.map((r) => `'${r}'`).join(",")}]`)})[i],
               'bench-rep-' || i || '@frontdesk.test'
        from generate_series(1, ${REPS}::int) i on conflict (id) do nothing`);
      await tx.execute(sql`update profiles set is_sales = true where id like 'bench-rep-%'`);
      await tx.execute(sql`
        insert into users (id, name, email) values ('bench-admin', 'Ada Admin', 'bench-admin@frontdesk.test')
        on conflict (id) do nothing`);
      await tx.execute(sql`update profiles set role = 'admin' where id = 'bench-admin'`);
    });
    await tx.execute(sql`select setseed(0.42)`);
    // One row per lead: its random draws, then its walk (`path`, the statuses it moves through, in order).
    await step("plan: one row per lead (draws, walk)", () =>
      tx.execute(sql`
      create unlogged table bench_plan as
      with r as materialized (
        select i, gen_random_uuid() as id,
          now() - random() * interval '1095 days' as created_at,
          random() < 0.9 as claimed,
          exp(ln(300) + random() * ln(864)) * interval '1 second' as claim_delay,   -- 5 min … 3 days
          exp(ln(60) + random() * ln(2880)) * interval '1 second' as contact_delay, -- 1 min … 2 days
          exp(ln(3600) + random() * ln(336)) * interval '1 second' as span,         -- 1 hour … 14 days
          1 + floor(random() * ${REPS}::int)::int as rep,
          1 + floor(random() * ${REPS - 1}::int)::int as shift,
          random() as u_outcome, random() as u_paid, random() as u_stage, random() as u_back,
          random() as u_reassign, random() as u_where, random() as u_amount,
          2 + floor(random() * 19)::int as seats,
          1 + floor(random() * ${LOSS_REASONS.length}::int)::int as reason
        from generate_series(1, ${n}::int) i
      ), a as materialized (
        select r.*,
          case when r.u_outcome < 0.09 then 'won' when r.u_outcome < 0.31 then 'lost' else 'open' end as outcome,
          r.u_outcome < 0.09 and r.u_paid < 0.5 as paid
        from r
      ), b as materialized (
        select a.*,
          case
            when a.outcome = 'won' and not a.paid then 4
            when a.outcome = 'won' then case when a.u_stage < 0.2 then 0 when a.u_stage < 0.6 then 1 else 2 end
            when a.outcome = 'lost' then
              case when a.u_stage < 0.3 then 0 when a.u_stage < 0.65 then 1 when a.u_stage < 0.9 then 2 else 3 end
            else case when a.u_stage < 0.25 then 0 when a.u_stage < 0.6 then 1 when a.u_stage < 0.85 then 2 else 3 end
          end as h
        from a
      ), c as materialized (
        select b.*,
          case when b.claimed then
            array(select (array['contacted', 'qualified', 'converted', 'closed_won'])[s]
                  from generate_series(1, b.h) s where s = b.h or random() >= 0.2 order by s)
            || case when b.outcome <> 'won' and b.h >= 2 and b.u_back < 0.15
                 then array[(array['contacted', 'qualified', 'converted'])[b.h - 1]] else '{}'::text[] end
            || case when b.outcome = 'won' and not b.paid and b.u_back < 0.05 then array['converted'] else '{}'::text[] end
            || case when b.outcome = 'lost' then array['closed_lost'] else '{}'::text[] end
            || case when b.paid then array['converted', 'closed_won'] else '{}'::text[] end
          else '{}'::text[] end as path
        from b
      )
      select row_number() over (order by c.created_at)::int as k, c.i, c.id, c.created_at, c.claimed, c.paid,
        c.path, coalesce(cardinality(c.path), 0) as len,
        'bench-rep-' || c.rep as rep_id,
        'bench-rep-' || (1 + (c.rep - 1 + c.shift) % ${REPS}::int) as rep2_id,
        case when c.claimed and c.u_reassign < 0.04
          then floor(c.u_where * (coalesce(cardinality(c.path), 0) - case when c.paid then 2 else 0 end + 1))::int
        end as r,
        c.created_at + c.claim_delay as claim_at,
        c.created_at + c.claim_delay + c.contact_delay as first_step_at,
        c.contact_delay, c.span,
        (${sql.raw(`array[${LOSS_REASONS.map((r) => `'${r}'`).join(",")}]`)})[c.reason] as reason,
        case when c.u_amount < 0.5 then 2900 when c.u_amount < 0.8 then 2417 else c.seats * 1500 end as amount,
        case when c.u_amount >= 0.8 then c.seats end as seats,
        (array['Alex','Blake','Casey','Dana','Eli','Farah','Gabe','Hana','Ivo','Jules'])[1 + c.i % 10] || ' ' ||
          (array['Nguyen','Okafor','Schmidt','Rossi','Tanaka','Kowalski','Haddad','Silva','Novak','Brennan'])[1 + (c.i / 10) % 10]
          as name,
        'lead' || c.i || '@company' || (c.i % 5000) || '.example' as email
      from c`),
    );
    // The timeline: step j of the walk at first_step_at + (j - 2 + f) × span (f in [0.2, 0.8), a hash of the
    // lead and step, so every moment can be computed again below), a reassignment after step r; cut at now.
    const stepAt = (j: string) =>
      `(p.first_step_at + case when ${j} <= 1 then interval '0' else (${j} - 2 + 0.2 + 0.6 * (((p.i::bigint * 7919 + ${j} * 104729) % 1000) / 1000.0)) * p.span end)`;
    await step("timeline: events per lead (bench_ev)", async () => {
      await tx.execute(
        sql.raw(`
      create unlogged table bench_ev as
      select * from (
        select p.k, p.id as lead_id, 'submitted'::lead_event_type as type, null::text as actor_id,
          null::text as from_status, null::text as to_status, null::text as from_user_id, null::text as to_user_id,
          '{}'::jsonb as details, p.created_at as at, null::text as owner_at
        from bench_plan p
        union all
        select p.k, p.id, 'claimed', p.rep_id, null, null, null, p.rep_id, '{}', p.claim_at, p.rep_id
        from bench_plan p where p.claimed
        union all
        select p.k, p.id, 'reassigned', 'bench-admin', null, null, p.rep_id, p.rep2_id, '{}',
          case when p.r = 0 then p.claim_at + p.contact_delay / 2 else ${stepAt("p.r")} + 0.1 * p.span end,
          p.rep2_id
        from bench_plan p where p.r is not null
        union all
        select p.k, p.id,
          (case when p.paid and s.j = p.len - 1 then 'signed_up' when p.paid and s.j = p.len then 'started_paying'
                else 'status_changed' end)::lead_event_type,
          case when p.paid and s.j >= p.len - 1 then null
               when p.r is null or s.j <= p.r then p.rep_id else p.rep2_id end,
          coalesce(p.path[s.j - 1], 'new'), s.to_status, null, null,
          case
            when s.to_status = 'closed_lost' then jsonb_build_object('lossReason', p.reason, 'lossNote', null)
            when p.paid and s.j = p.len - 1 then jsonb_build_object('userId', 'bench-cust-' || p.i, 'email', p.email)
            when p.paid and s.j = p.len then jsonb_build_object('userId', 'bench-cust-' || p.i,
              'monthlyAmount', p.amount, 'currency', 'usd') || coalesce(jsonb_build_object('seats', p.seats), '{}')
            else '{}'::jsonb
          end,
          ${stepAt("s.j")},
          case when p.r is null or s.j <= p.r then p.rep_id else p.rep2_id end
        from bench_plan p cross join lateral unnest(p.path) with ordinality as s(to_status, j)
      ) e
      where e.at <= now()`),
      );
      await tx.execute(sql`create index on bench_ev (at)`);
      await tx.execute(sql`analyze bench_ev`);
    });
    // Each lead's state now and its facts, from its (cut) timeline: what app.recount_lead_facts() derives.
    await step("state: each lead's status, owner and facts from its timeline", async () => {
      await tx.execute(sql`
      create unlogged table bench_state as
      select k,
        count(*)::int as n_events,
        max(at) as last_at,
        (array_agg(to_status order by at desc) filter (where to_status is not null))[1] as status,
        (array_agg(owner_at order by at desc) filter (where type in ('claimed', 'reassigned')))[1] as claimed_by,
        max(at) filter (where type in ('claimed', 'reassigned')) as claimed_at,
        coalesce(max(case to_status when 'contacted' then 1 when 'qualified' then 2 when 'converted' then 3
                                    when 'closed_won' then 4 else 0 end), 0) as highest_stage,
        min(at) filter (where type = 'status_changed') as first_contact_at,
        (array_agg(actor_id order by at) filter (where type = 'status_changed'))[1] as first_contact_by,
        max(at) filter (where to_status = 'closed_won') as last_win_at,
        (array_agg(owner_at order by at desc) filter (where to_status = 'closed_won'))[1] as win_owner,
        max(at) filter (where type = 'signed_up') as signed_up_at
      from bench_ev group by k`);
      await tx.execute(sql`
      create unlogged table bench_lead as
      select p.k, p.i, p.id, p.name, p.email, p.created_at, p.paid, p.amount, p.reason, s.n_events, s.last_at,
        coalesce(s.status, 'new') as status, s.claimed_by, s.claimed_at, s.highest_stage, s.first_contact_at,
        s.first_contact_by, s.last_win_at, s.win_owner, s.signed_up_at
      from bench_plan p join bench_state s using (k) order by p.k`);
      await tx.execute(sql`create index on bench_lead (k)`);
      await tx.execute(sql`analyze bench_lead`);
    });
    await step("accounts of the prospects who signed up (users → profiles)", () =>
      tx.execute(sql`
      insert into users (id, name, email, created_at, updated_at)
      select 'bench-cust-' || i, name, email, signed_up_at, signed_up_at from bench_lead where signed_up_at is not null`),
    );
    const chunk = 100_000;
    await step(
      `leads, in submission order, ${Math.ceil(n / chunk)} statements of ≤ ${chunk.toLocaleString()}`,
      async () => {
        for (let from = 1; from <= n; from += chunk) {
          await tx.execute(sql`
        insert into leads (id, name, email, phone, company, company_size, interests, timeline, status, claimed_by,
                           claimed_at, user_id, loss_reason, version, created_at, updated_at, last_activity_at,
                           highest_stage, first_contact_at, first_contact_by, won_at, won_by)
        select id, name, email,
          case when i % 2 = 0 then '+1 555 ' || lpad((i % 10000000)::text, 7, '0') end,
          'Company ' || (i % 5000),
          (array['1-50','51-200','201-500','501-1000','1000+'])[1 + i % 5],
          '{}'::text[],
          (array['immediately','1-3 months','3-6 months','just exploring'])[1 + i % 4],
          status, claimed_by, claimed_at,
          case when signed_up_at is not null then 'bench-cust-' || i end,
          case when status = 'closed_lost' then reason end,
          n_events, created_at, last_at, last_at,
          highest_stage, first_contact_at, first_contact_by,
          case when status = 'closed_won' then last_win_at end,
          case when status = 'closed_won' then win_owner end
        from bench_lead where k >= ${from}::int and k < ${from + chunk}::int order by k`);
          progress(`${Math.min(n, from + chunk - 1).toLocaleString()} / ${n.toLocaleString()}`);
        }
        progress("");
      },
    );
    const [span] = await queryRows<{ first: string; last: string; events: number }>(
      tx,
      sql`select min(at)::text as first, max(at)::text as last, count(*)::int as events from bench_ev`,
    );
    const windows = Math.max(1, Math.ceil(span!.events / 400_000));
    await step(
      `lead_events (${span!.events.toLocaleString()}), in time order, ${windows} statements`,
      async () => {
        for (let w = 0; w < windows; w++) {
          const bound = (x: number) =>
            x === 0
              ? sql`${span!.first}::timestamptz`
              : x === windows
                ? sql`${span!.last}::timestamptz + interval '1 second'`
                : sql`${span!.first}::timestamptz + (${span!.last}::timestamptz - ${span!.first}::timestamptz) * ${x / windows}::float8`;
          await tx.execute(sql`
          insert into lead_events (lead_id, type, actor_id, from_status, to_status, from_user_id, to_user_id, details,
                                   created_at)
          select lead_id, type, actor_id, from_status, to_status, from_user_id, to_user_id, details, at
          from bench_ev where at >= ${bound(w)} and at < ${bound(w + 1)} order by at`);
          progress(`${w + 1} / ${windows}`);
        }
        progress("");
      },
    );
    await tx.execute(sql`drop table if exists bench_paying`);
    await tx.execute(sql`
      create unlogged table bench_paying as
      select row_number() over (order by l.i) as k, 'bench-cust-' || l.i as account, l.amount
      from bench_lead l where l.paid and l.status = 'closed_won'`);
    await tx.execute(sql`drop table bench_plan, bench_ev, bench_state, bench_lead`);
  });
  // Accounts start paying in their own transactions, as webhooks make them: one transaction changing the
  // same revenue rollup rows thousands of times would walk ever longer chains of row versions.
  await step(
    "paying accounts: profiles active with MRR (trigger → lead_revenue), 500 per transaction",
    async () => {
      // Statistics first: the revenue triggers' plans are made for the tables as they now are.
      await db.execute(sql`analyze leads, lead_events, lead_revenue, profiles, bench_paying`);
      const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from bench_paying`);
      for (let from = 1; from <= count!.n; from += 500) {
        await asSystem(db, "bench: paying accounts", (tx) =>
          tx.execute(sql`
          update profiles p set membership_status = 'active', trial_ends_at = null, mrr_amount = b.amount,
            mrr_currency = 'usd'
          from bench_paying b where b.k >= ${from} and b.k < ${from + 500} and p.id = b.account`),
        );
        progress(`${Math.min(count!.n, from + 499).toLocaleString()} / ${count!.n.toLocaleString()}`);
      }
      progress("");
      await db.execute(sql`drop table bench_paying`);
    },
  );
  const seedMs = performance.now() - started;
  console.log(`    seeded in ${seconds(seedMs)}`);

  const recount: { ms: number | null; diff: number | null } = { ms: null, diff: null };
  if (!flag("no-recount")) {
    // The project's own derivation of the facts, over the seeded timeline; rolled back (and its dead rows
    // rewritten away below), so the facts stay exactly as seeded.
    await asSystem(db, "bench: recount check", async (tx) => {
      await tx.execute(sql.raw(`set local work_mem = '${workMem}'`));
      await tx.execute(sql`
        create temporary table bench_facts on commit drop as
        select id, highest_stage, first_contact_at, first_contact_by, won_at, won_by from leads`);
      const t = performance.now();
      await tx.execute(sql`select app.recount_lead_facts()`);
      recount.ms = performance.now() - t;
      const [diff] = await queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from leads l join bench_facts f using (id)
            where (l.highest_stage, l.first_contact_at, l.first_contact_by, l.won_at, l.won_by)
              is distinct from (f.highest_stage, f.first_contact_at, f.first_contact_by, f.won_at, f.won_by)`,
      );
      recount.diff = Number(diff!.n);
      throw new RollbackOnPurpose();
    }).catch((error) => {
      if (!(error instanceof RollbackOnPurpose)) throw error;
    });
    console.log(
      `    app.recount_lead_facts() over the seeded timeline: ${seconds(recount.ms ?? 0)}, ` +
        (recount.diff === 0 ? "the same facts as seeded" : `${recount.diff} leads differ from the seed`),
    );
  }
  const rebuild = await checkRollups(db, workMem);
  console.log(
    `    app.rebuild_dashboard_rollups() from scratch: ${seconds(rebuild.ms)}, ` +
      (rebuild.diff.length === 0
        ? "the same rollups as the triggers kept"
        : `different in ${rebuild.diff.join(", ")}`),
  );
  const vacuumMs = await step(
    recount.ms === null
      ? "vacuum full of the rollups (the rolled-back rebuild's dead rows), vacuum analyze"
      : "vacuum full of leads and the rollups (the rolled-back recount's and rebuild's dead rows), vacuum analyze",
    async () => {
      if (recount.ms !== null) await db.execute(sql`vacuum full leads`);
      await db.execute(sql.raw(`vacuum full ${ROLLUP_TABLES.join(", ")}`));
      await db.execute(sql`vacuum analyze`);
    },
  );
  const info: SeedInfo = {
    n,
    version: SEED_VERSION,
    seeded_at: seededAt,
    seed_ms: Math.round(seedMs),
    recount_ms: recount.ms === null ? null : Math.round(recount.ms),
    recount_diff: recount.diff,
    rebuild_ms: Math.round(rebuild.ms),
    rebuild_diff: rebuild.diff,
    vacuum_ms: Math.round(vacuumMs),
  };
  await db.execute(sql`
    insert into bench_dash_meta (id, info) values (1, ${JSON.stringify(info)}::jsonb)
    on conflict (id) do update set info = excluded.info`);
  return info;
}

class RollbackOnPurpose extends Error {}

/** What the seed holds, in the dashboard's own terms. */
async function describe(db: Database) {
  const [d] = await asSystem(db, "bench: describe", (tx) =>
    queryRows<Record<string, number | string>>(
      tx,
      sql`select
        (select count(*)::int from leads) as leads,
        (select count(*)::int from lead_events) as events,
        (select count(*)::int from lead_events where type = 'claimed') as claims,
        (select count(*)::int from lead_events where type = 'status_changed') as status_changes,
        (select count(*)::int from lead_events where type = 'reassigned') as reassigned,
        (select count(*)::int from leads where status = 'new' and claimed_by is null) as unclaimed,
        (select count(*)::int from leads where status = 'closed_won') as won,
        (select count(*)::int from leads where status = 'closed_lost') as lost,
        (select count(*)::int from leads where status not in ('closed_won', 'closed_lost')) as open,
        (select count(*)::int from leads where user_id is not null) as signed_up,
        (select count(*)::int from lead_revenue) as revenue_rows,
        (select count(*)::int from users) as users,
        (select pg_size_pretty(pg_total_relation_size('leads'))) as leads_size,
        (select pg_size_pretty(pg_total_relation_size('lead_events'))) as events_size`,
    ),
  );
  const pct = (k: string) => `${((100 * Number(d![k])) / Number(d!.leads)).toFixed(1)} %`;
  console.log(
    `  seed: ${Number(d!.leads).toLocaleString()} leads (${d!.leads_size}), ${Number(d!.events).toLocaleString()} events ` +
      `(${d!.events_size}; ${Number(d!.claims).toLocaleString()} claims, ${Number(d!.status_changes).toLocaleString()} status changes, ` +
      `${Number(d!.reassigned).toLocaleString()} reassignments); now: open ${pct("open")} (unclaimed ${pct("unclaimed")}), ` +
      `won ${pct("won")}, lost ${pct("lost")}; ${Number(d!.signed_up).toLocaleString()} leads linked to an account, ` +
      `${Number(d!.revenue_rows).toLocaleString()} paying (lead_revenue); ${Number(d!.users).toLocaleString()} users`,
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

type Timing = { median: number; p95: number; runs: number };

async function measure(label: string, times: number, fn: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const result = { median: percentile(samples, 0.5), p95: percentile(samples, 0.95), runs: times };
  console.log(
    `  ${label.padEnd(62)} median ${fmt(result.median).padStart(7)} ms   p95 ${fmt(result.p95).padStart(7)} ms   (${times} runs)`,
  );
  return result;
}

/** One part's time inside its transaction (the part alone, not the transaction around it): median of 5. */
async function partTime(
  run: (fn: (tx: Tx) => Promise<unknown>) => Promise<number>,
  part: (tx: Tx) => Promise<unknown>,
) {
  await run(part);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) samples.push(await run(part));
  samples.sort((a, b) => a - b);
  return percentile(samples, 0.5);
}

// ——— The timeline way: every number derived from lead_events (and the leads' current status) ———

const stage = (column: string) =>
  sql.raw(
    `(case ${column} when 'contacted' then 1 when 'qualified' then 2 when 'converted' then 3 when 'closed_won' then 4 else 0 end)`,
  );

/** The win of each lead won now and who owned it then, as app.recount_lead_facts() derives it. */
const derivedWins = sql`
  w as (
    select distinct on (e.lead_id) e.lead_id, e.created_at from lead_events e
    where e.to_status = 'closed_won' order by e.lead_id, e.created_at desc, e.id desc
  ), won as (
    select l.id, w.created_at as won_at, case when o.found then o.owner else l.claimed_by end as won_by
    from w join leads l on l.id = w.lead_id and l.status = 'closed_won'
    left join lateral (
      select true as found, case when e.type = 'released' then null else coalesce(e.to_user_id, e.actor_id) end as owner
      from lead_events e
      where e.lead_id = w.lead_id and e.type in ('claimed', 'released', 'reassigned') and e.created_at <= w.created_at
      order by e.created_at desc, e.id desc limit 1
    ) o on true
    union all
    select l.id, l.updated_at, l.claimed_by from leads l
    where l.status = 'closed_won'
      and not exists (select 1 from lead_events e where e.lead_id = l.id and e.to_status = 'closed_won')
  )`;

/** Each lead's MRR now: its account's latest first-payment entry, if the account still pays. */
const derivedRevenue = sql`
  paying as (
    select distinct on (e.details->>'userId') e.details->>'userId' as account, e.details->>'currency' as currency,
      (e.details->>'monthlyAmount')::bigint as amount
    from lead_events e
    where e.type = 'started_paying' and not (e.details ? 'teamId')
      and jsonb_typeof(e.details->'monthlyAmount') = 'number'
    order by e.details->>'userId', e.created_at desc
  ), rev as (
    select l.id as lead_id, pay.currency, sum(pay.amount) as amount
    from paying pay
    join profiles p on p.id = pay.account and p.membership_status in ('active', 'past_due') and not p.billing_exempt
    join leads l on l.user_id = pay.account
    group by 1, 2
  )`;

const ROLLUP_TABLES = [
  "lead_cohort_days",
  "lead_loss_days",
  "lead_contact_days",
  "lead_win_days",
  "lead_claim_days",
  "lead_claim_repeats",
  "lead_revenue_days",
  "lead_revenue_totals",
];

/**
 * The daily rollups the triggers kept while seeding, against app.rebuild_dashboard_rollups() from scratch in
 * a transaction that is rolled back: a digest of each table's counting rows, before and after.
 */
async function checkRollups(db: Database, workMem: string): Promise<{ ms: number; diff: string[] }> {
  const out = { ms: 0, diff: [] as string[] };
  const digests = async (tx: Tx) => {
    const d: Record<string, string> = {};
    for (const table of ROLLUP_TABLES) {
      const counting =
        table === "lead_claim_repeats" ? "true" : table.startsWith("lead_revenue") ? "leads <> 0" : "n <> 0";
      const [row] = await queryRows<{ digest: string | null }>(
        tx,
        sql.raw(
          `select md5(string_agg(t::text, ',' order by t::text)) as digest from ${table} t where ${counting}`,
        ),
      );
      d[table] = row?.digest ?? "";
    }
    return d;
  };
  await asSystem(db, "bench: rollup check", async (tx) => {
    await tx.execute(sql.raw(`set local work_mem = '${workMem}'`));
    const kept = await digests(tx);
    const t = performance.now();
    await tx.execute(sql`select app.rebuild_dashboard_rollups((select zone from dashboard_zone))`);
    out.ms = performance.now() - t;
    const rebuilt = await digests(tx);
    out.diff = ROLLUP_TABLES.filter((table) => kept[table] !== rebuilt[table]);
    throw new RollbackOnPurpose();
  }).catch((error) => {
    if (!(error instanceof RollbackOnPurpose)) throw error;
  });
  return out;
}

type Row = Record<string, string | number | null>;
type Naive = Record<"pipeline" | "funnel" | "contact" | "claims" | "wins" | "mrrWon" | "revenue", Row[]> & {
  weekly: { label: string; count: number }[];
};

const naiveParts: [keyof Naive, (tx: Tx, span: DashboardRange) => Promise<unknown>][] = [
  [
    "pipeline",
    (tx) =>
      queryRows(
        tx,
        sql`select coalesce(claimed_by, '') as owner_id, status, count(*) as n from leads group by 1, 2`,
      ),
  ],
  [
    "funnel",
    (tx, span) =>
      queryRows(
        tx,
        sql`with cohort as (select id, status, loss_reason from leads where ${momentsWhere(sql.raw("created_at"), span)}),
            reached as (
              select c.id, c.status, c.loss_reason,
                greatest(${stage("c.status")}, coalesce(max(${stage("e.to_status")}), 0)) as highest_stage
              from cohort c left join lead_events e on e.lead_id = c.id and e.to_status is not null
              group by c.id, c.status, c.loss_reason
            )
            select highest_stage, status, case when status = 'closed_lost' then loss_reason end as loss_reason,
              count(*) as n
            from reached group by 1, 2, 3`,
      ),
  ],
  [
    "contact",
    (tx, span) =>
      queryRows(
        tx,
        sql`with cohort as (select id, created_at, status from leads where ${momentsWhere(sql.raw("created_at"), span)}),
            first as (
              select distinct on (e.lead_id) e.lead_id, e.created_at from lead_events e
              where e.type = 'status_changed' and e.actor_id is not null and e.lead_id in (select id from cohort)
              order by e.lead_id, e.created_at, e.id
            )
            select count(*) as cohort, count(f.created_at) as answered,
              percentile_cont(0.5) within group (order by extract(epoch from f.created_at - c.created_at))
                filter (where f.created_at is not null) as median,
              count(*) filter (where f.created_at - c.created_at <= interval '1 hour') as within_1h,
              count(*) filter (where f.created_at - c.created_at <= interval '24 hours') as within_24h,
              count(*) filter (where f.created_at is null and c.status not in ('closed_won', 'closed_lost')) as waiting,
              min(c.created_at) filter (where f.created_at is null and c.status not in ('closed_won', 'closed_lost'))
                as oldest_waiting
            from cohort c left join first f on f.lead_id = c.id`,
      ),
  ],
  [
    "claims",
    (tx, span) =>
      queryRows(
        tx,
        sql`select to_user_id as who, count(distinct lead_id) as n from lead_events
            where type = 'claimed' and to_user_id is not null and ${momentsWhere(sql.raw("created_at"), span)}
            group by 1`,
      ),
  ],
  [
    "wins",
    (tx, span) =>
      queryRows(
        tx,
        sql`with ${derivedWins}
            select coalesce(won_by, '') as who, count(*) as n from won where ${momentsWhere(sql.raw("won_at"), span)}
            group by 1`,
      ),
  ],
  [
    "mrrWon",
    (tx, span) =>
      queryRows(
        tx,
        sql`with ${derivedWins}, ${derivedRevenue}
            select coalesce(won.won_by, '') as who, rev.currency, sum(rev.amount) as amount
            from won join rev on rev.lead_id = won.id where ${momentsWhere(sql.raw("won.won_at"), span)} group by 1, 2`,
      ),
  ],
  [
    "revenue",
    (tx) =>
      queryRows(
        tx,
        sql`with ${derivedWins}, ${derivedRevenue}
            select coalesce(won.won_by, '') as who, rev.currency, sum(rev.amount) as amount, count(*) as leads
            from rev left join won on won.id = rev.lead_id group by 1, 2`,
      ),
  ],
  [
    "weekly",
    async (tx, span) => {
      const rows = await queryRows<{ monday: string; n: string | number }>(
        tx,
        sql`select to_char(date_trunc('week', created_at at time zone ${timeZone}), 'YYYY-MM-DD') as monday,
              count(*) as n
            from leads where ${momentsWhere(sql.raw("created_at"), span)} group by 1`,
      );
      return rows.map((r) => ({ label: isoWeekLabel(parseCalendarDate(r.monday)!), count: Number(r.n) }));
    },
  ],
];

async function naiveDashboard(db: Database, range: DashboardRange): Promise<Naive> {
  return asSystem(db, "bench: naive dashboard", async (tx) => {
    const out: Partial<Naive> = {};
    for (const [name, part] of naiveParts) (out as Record<string, unknown>)[name] = await part(tx, range);
    return out as Naive;
  });
}

// ——— Both answers as one flat list of named numbers, to compare ———

type Flat = Map<string, string | number>;

function put(flat: Flat, key: string, value: string | number | null | undefined) {
  if (value === null || value === undefined) return;
  if (typeof value === "number" && value === 0) return;
  const prev = flat.get(key);
  flat.set(key, typeof value === "number" && typeof prev === "number" ? prev + value : value);
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function flatOurs(d: Dashboard): Flat {
  const flat: Flat = new Map();
  for (const s of LEAD_STATUSES) put(flat, `status.${s}`, d.byStatus[s]);
  put(flat, "funnel.cohort", d.funnel.cohort);
  for (const r of d.funnel.reached) put(flat, `funnel.reached.${r.stage}`, r.count);
  put(flat, "funnel.lost", d.funnel.lost);
  for (const r of d.funnel.lostByReason) put(flat, `funnel.lost.${r.reason}`, r.count);
  const c = d.firstContact;
  put(flat, "contact.cohort", c.cohort);
  put(flat, "contact.answered", c.answered);
  put(flat, "contact.median", c.medianSeconds === null ? null : c.medianSeconds.toFixed(3));
  put(flat, "contact.within1h", c.within1h);
  put(flat, "contact.within24h", c.within24h);
  put(flat, "contact.waiting", c.waiting);
  put(flat, "contact.oldestWaiting", iso(c.oldestWaitingAt));
  for (const r of d.reps) {
    put(flat, `open.${r.id}`, r.openNow);
    put(flat, `claimed.${r.id}`, r.claimed);
    put(flat, `won.${r.id}`, r.won);
    for (const [cur, amount] of r.mrrWon) put(flat, `mrrWon.${r.id}.${cur}`, amount);
  }
  for (const r of d.revenue) {
    put(flat, `revenue.${r.currency}.amount`, r.amount);
    put(flat, `revenue.${r.currency}.leads`, r.leads);
  }
  for (const r of d.revenueByWinner)
    for (const [cur, amount] of r.amounts) put(flat, `revenueBy.${r.id}.${cur}`, amount);
  for (const w of d.weekly) put(flat, `weekly.${w.label}`, w.count);
  return flat;
}

function flatNaive(n: Naive): Flat {
  const flat: Flat = new Map();
  const num = (v: unknown) => Number(v);
  for (const r of n.pipeline) {
    put(flat, `status.${r.status}`, num(r.n));
    if (r.status !== "closed_won" && r.status !== "closed_lost") put(flat, `open.${r.owner_id}`, num(r.n));
  }
  const known = new Set<string | null>(LOSS_REASONS);
  for (const g of n.funnel) {
    put(flat, "funnel.cohort", num(g.n));
    for (let k = 0; k <= num(g.highest_stage); k++)
      put(flat, `funnel.reached.${PIPELINE_STAGES[k]}`, num(g.n));
    if (g.status === "closed_lost") {
      put(flat, "funnel.lost", num(g.n));
      put(flat, `funnel.lost.${known.has(g.loss_reason as string) ? g.loss_reason : null}`, num(g.n));
    }
  }
  const c = n.contact[0]!;
  put(flat, "contact.cohort", num(c.cohort));
  put(flat, "contact.answered", num(c.answered));
  put(flat, "contact.median", c.median === null ? null : num(c.median).toFixed(3));
  put(flat, "contact.within1h", num(c.within_1h));
  put(flat, "contact.within24h", num(c.within_24h));
  put(flat, "contact.waiting", num(c.waiting));
  put(flat, "contact.oldestWaiting", iso(c.oldest_waiting as string | null));
  for (const r of n.claims) put(flat, `claimed.${r.who}`, num(r.n));
  for (const r of n.wins) put(flat, `won.${r.who}`, num(r.n));
  for (const r of n.mrrWon) put(flat, `mrrWon.${r.who}.${r.currency}`, num(r.amount));
  for (const r of n.revenue) {
    put(flat, `revenue.${r.currency}.amount`, num(r.amount));
    put(flat, `revenue.${r.currency}.leads`, num(r.leads));
    put(flat, `revenueBy.${r.who}.${r.currency}`, num(r.amount));
  }
  for (const w of n.weekly) put(flat, `weekly.${w.label}`, w.count);
  return flat;
}

function compare(ours: Flat, naive: Flat): string {
  const diffs: string[] = [];
  for (const key of new Set([...ours.keys(), ...naive.keys()])) {
    const a = ours.get(key) ?? 0;
    const b = naive.get(key) ?? 0;
    if (a !== b) diffs.push(`${key}: ours ${a}, timeline ${b}`);
  }
  const funnel = [...ours].filter(([k]) => k.startsWith("funnel.")).length;
  return diffs.length === 0
    ? `agree (${ours.size} numbers, ${funnel} of them the funnel's)`
    : `DIFFER in ${diffs.length} of ${ours.size} numbers: ${diffs.slice(0, 12).join("; ")}`;
}

// ——— EXPLAIN of the statements a part sends ———

/** A transaction whose statements are explained (ANALYZE, BUFFERS) instead of answered; plans printed. */
function explaining(tx: Tx, out: string[]): Tx {
  return new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop !== "execute") return Reflect.get(target, prop, receiver);
      return async (query: SQL) => {
        const result = (await target.execute(sql`explain (analyze, buffers) ${query}`)) as unknown as {
          rows: Record<string, string>[];
        };
        out.push(result.rows.map((r) => Object.values(r)[0]).join("\n"));
        return result;
      };
    },
  });
}

type Result = {
  n: number;
  seed: SeedInfo;
  ours: Record<string, Timing>;
  naive: Record<string, Timing>;
  parts: Record<string, Record<string, number>>;
  naiveParts: Record<string, Record<string, number>>;
  agree: Record<string, string>;
};

const RANGES = [
  ["30 days", dashboardRangeSchema.parse({})],
  ["all time", dashboardRangeSchema.parse({ range: "all" })],
] as const;

const PARTS: [string, (tx: Tx, range: DashboardRange) => Promise<unknown>][] = [
  ["readPipelineNow", (tx) => readPipelineNow(tx)],
  ["readCohort", (tx, range) => readCohort(tx, range as DashboardSpan)],
  ["readActivity", (tx, range) => readActivity(tx, range as DashboardSpan)],
  ["readRevenue", (tx) => readRevenue(tx)],
  ["readWeeklyLeads", (tx, range) => readWeeklyLeads(tx, range, timeZone)],
];

async function benchmark(handle: DatabaseHandle, n: number, seedInfo: SeedInfo): Promise<Result> {
  const { db } = handle;
  const actor = (await loadActor(db, "bench-rep-1"))!;
  const result: Result = { n, seed: seedInfo, ours: {}, naive: {}, parts: {}, naiveParts: {}, agree: {} };
  const timedRuns = n >= 1_000_000 ? naiveRuns : runs;
  for (const [label, input] of RANGES) {
    const now = new Date();
    const range = resolveDashboardRange(input, now, timeZone);
    const check = await loadDashboard(db, actor, input, { now, timeZone });
    if (!check.ok) throw new Error(check.message);
    const naive = await naiveDashboard(db, range);
    result.agree[label] = compare(flatOurs(check), flatNaive(naive));
    console.log(
      `  ${label}: cohort ${check.funnel.cohort.toLocaleString()} leads; the timeline's numbers and ours ${result.agree[label]}`,
    );
    result.ours[label] = await measure(`ours: loadDashboard as a rep under RLS, ${label}`, runs, () =>
      loadDashboard(db, actor, input, { timeZone }),
    );
    result.naive[label] = await measure(
      `timeline: derived from lead_events (system), ${label}`,
      timedRuns,
      () => naiveDashboard(db, resolveDashboardRange(input, new Date(), timeZone)),
    );
    const parts: Record<string, number> = {};
    const asActor = (fn: (tx: Tx) => Promise<unknown>) =>
      withActor(db, actor, async (tx) => {
        const t = performance.now();
        await fn(tx);
        return performance.now() - t;
      });
    parts["withActor (empty transaction)"] = await partTime(
      (fn) => {
        const t = performance.now();
        return withActor(db, actor, fn).then(() => performance.now() - t);
      },
      async () => {},
    );
    for (const [name, part] of PARTS) parts[name] = await partTime(asActor, (tx) => part(tx, range));
    result.parts[label] = parts;
    const asSys = (fn: (tx: Tx) => Promise<unknown>) =>
      asSystem(db, "bench: naive part", async (tx) => {
        const t = performance.now();
        await fn(tx);
        return performance.now() - t;
      });
    const timelineParts: Record<string, number> = {};
    for (const [name, part] of naiveParts) {
      await asSys((tx) => part(tx, range));
      timelineParts[name] = await asSys((tx) => part(tx, range));
    }
    result.naiveParts[label] = timelineParts;
    console.log(
      `    parts (ours, median of 5, inside withActor): ${Object.entries(parts)
        .map(([k, v]) => `${k} ${fmt(v)} ms`)
        .join(", ")}`,
    );
    console.log(
      `    parts (timeline, one run): ${Object.entries(timelineParts)
        .map(([k, v]) => `${k} ${fmt(v)} ms`)
        .join(", ")}`,
    );
    if (flag("explain") && n === Math.max(...sizes)) {
      for (const [name, part] of PARTS) {
        const plans: string[] = [];
        await asSystem(db, "bench: explain", (tx) => part(explaining(tx, plans), range)).catch(() => {});
        for (const plan of plans) console.log(`\n  EXPLAIN (ANALYZE, BUFFERS), ${name}, ${label}:\n${plan}`);
      }
    }
  }
  return result;
}

function summary(results: Result[]) {
  const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
  const mp = (t: Timing | undefined) => (t ? `${fmt(t.median)} / ${fmt(t.p95)}` : "–");
  console.log(`\nSummary (${driver}; ms, median / p95):\n`);
  console.log(
    "| N | 30 days | all time | timeline, 30 days | timeline, all time | ratio 30 days | ratio all time | seeded in |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of results) {
    const ratio = (k: string) => `${(r.naive[k]!.median / r.ours[k]!.median).toFixed(0)}×`;
    console.log(
      `| ${label(r.n)} | ${mp(r.ours["30 days"])} | ${mp(r.ours["all time"])} | ${mp(r.naive["30 days"])} | ` +
        `${mp(r.naive["all time"])} | ${ratio("30 days")} | ${ratio("all time")} | ${seconds(r.seed.seed_ms)} |`,
    );
  }
  const first = results[0]!;
  const last = results.at(-1)!;
  if (results.length > 1) {
    console.log(
      `\n30 days ${label(first.n)} → ${label(last.n)}: ${(last.ours["30 days"]!.median / first.ours["30 days"]!.median).toFixed(2)}× ` +
        `(target ≤ 2×); all time ${(last.ours["all time"]!.median / first.ours["all time"]!.median).toFixed(2)}×`,
    );
  }
  if (last.n >= 1_000_000) {
    console.log(
      `at ${label(last.n)}: 30 days median ${fmt(last.ours["30 days"]!.median)} ms (target ≤ 30), ` +
        `all time median ${fmt(last.ours["all time"]!.median)} ms (target ≤ 100)`,
    );
  }
}

async function main() {
  machine();
  const results: Result[] = [];
  for (const n of sizes) {
    console.log(`\nN = ${n.toLocaleString()} leads (${driver})`);
    const { handle } = await open(n);
    try {
      if (results.length === 0) await databaseInfo(handle.db);
      const info = await seed(handle, n);
      await describe(handle.db);
      results.push(await benchmark(handle, n, info));
    } finally {
      await handle.close();
    }
  }
  summary(results);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
