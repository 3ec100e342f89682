// npm run bench:leads -- [--n 10000,100000] [--runs 50] [--old-runs 5] [--fresh] [--http http://localhost:3000]
//                         [--warmup 10] [--rounds 3] [--http-only] [--pair-only] [--server-pid PID] [--session]
//
// Seeds N leads and measures the lead console's questions the way Frontdesk answers them (one indexed page
// plus the owner tallies, under row-level security) and the way the old system did (load every lead, filter,
// sort and count in memory). PostgreSQL when DATABASE_URL is set (a database per N, kept for re-runs unless
// --fresh), else an in-memory PGlite. N defaults to 10k and 100k on PGlite, 10k, 100k and 1M on PostgreSQL;
// BENCH_N / BENCH_RUNS override.
//
// --http runs autocannon (10 connections) against a running server, signing in as BENCH_EMAIL /
// BENCH_PASSWORD (default: the demo rep): four views of /sales/leads, then --rounds rounds of /sales/leads
// and /settings/account back to back (their order alternating), whose req/s ratio compares the lead page with
// a signed-in page that has no data of its own on the same server in the same minute, so a slow spell of
// the machine slows both. It prints each page's weight: HTML bytes, of which the inlined RSC payload, and
// gzipped. --http-only skips seeding and the page data (the server's own database serves the pages);
// --pair-only skips the four views; --server-pid (a single-process server) adds its CPU time per request.
// --session times the session lookup every guarded request makes (getActor) against a real Better Auth
// session in the first N's database, --session-runs times (default 2000).
import fs from "node:fs";
import os from "node:os";
import zlib from "node:zlib";
import { sql } from "drizzle-orm";
import { queryRows } from "../../src/db/query";
import { asSystem } from "../../src/db/rls";
import type { Database, DatabaseHandle } from "../../src/db/types";
import { type Actor, loadActor } from "../../src/features/accounts/load-actor";
import { type ListLeadsInput, listLeads, listLeadsSchema } from "../../src/features/leads/list-leads";
import { driver, flag, option, postgresUrl, sizes } from "./bench-args";
import { openBenchDatabase } from "./bench-database";

const runs = Number(option("runs") ?? process.env.BENCH_RUNS ?? 50);
const oldRuns = Number(option("old-runs") ?? 5);
const httpUrl = option("http");
// Seconds of load per URL before the measured 10 s, not counted: a freshly started server is still
// compiling its hot paths (the first seconds run at about two thirds of the later throughput).
const warmup = Number(option("warmup") ?? 10);
const rounds = Number(option("rounds") ?? 3);
const serverPid = option("server-pid") ?? process.env.BENCH_SERVER_PID;

const REPS = 6;

function machine() {
  const cpus = os.cpus();
  console.log(
    `machine: ${cpus[0]?.model ?? "unknown cpu"} × ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
      `node ${process.version}, driver ${driver}${driver === "postgres" ? " (node-postgres)" : " (PGlite, in memory)"}`,
  );
}

const open = (n: number) =>
  openBenchDatabase({ postgresUrl, name: `frontdesk_bench_${n}`, fresh: flag("fresh") });

/** Sales reps and an admin, then N leads in bulk (generate_series), spread over statuses, owners and time. */
async function seed(db: Database, n: number): Promise<void> {
  const [existing] = await asSystem(db, "bench: count", (tx) =>
    queryRows<{ n: number }>(tx, sql`select count(*)::int as n from leads`),
  );
  if (Number(existing?.n) === n) {
    // Statistics for the planner (lead_search is filled by a trigger; a migration may have added indexes).
    await asSystem(db, "bench: analyze", (tx) => tx.execute(sql`analyze leads, lead_search`));
    return;
  }
  await asSystem(db, "bench: seed", async (tx) => {
    await tx.execute(sql`truncate leads cascade`);
    await tx.execute(sql`
      insert into users (id, name, email)
      select 'bench-rep-' || i, (array['Sam Seller','Rita Reyes','Jane Smith','Omar Haddad','Lena Novak','Theo Rossi'])[i],
             'bench-rep-' || i || '@frontdesk.test'
      from generate_series(1, ${REPS}) i on conflict (id) do nothing`);
    await tx.execute(sql`update profiles set is_sales = true where id like 'bench-rep-%'`);
  });
  const chunk = 100_000;
  const started = Date.now();
  for (let from = 1; from <= n; from += chunk) {
    const to = Math.min(n, from + chunk - 1);
    await asSystem(db, "bench: seed leads", (tx) =>
      tx.execute(sql`
      insert into leads (name, email, phone, company, company_size, interests, timeline, status, claimed_by,
                         claimed_at, version, created_at, updated_at, last_activity_at)
      select
        (array['Alex','Blake','Casey','Dana','Eli','Farah','Gabe','Hana','Ivo','Jules'])[1 + i % 10] || ' ' ||
          (array['Nguyen','Okafor','Schmidt','Rossi','Tanaka','Kowalski','Haddad','Silva','Novak','Brennan'])[1 + (i / 10) % 10],
        'lead' || i || '@company' || (i % 5000) || '.example',
        case when i % 2 = 0 then '+1 555 ' || lpad((i % 10000000)::text, 7, '0') end,
        'Company ' || (i % 5000),
        (array['1-50','51-200','201-500','501-1000','1000+'])[1 + i % 5],
        '{}'::text[],
        'just exploring',
        s.status,
        case when s.status = 'new' and i % 3 <> 0 then null else 'bench-rep-' || (1 + i % ${REPS}) end,
        case when s.status = 'new' and i % 3 <> 0 then null else t.created + interval '1 hour' end,
        1,
        t.created, t.created, t.created + ((i % 97) * interval '1 hour')
      from generate_series(${from}::int, ${to}::int) i
      cross join lateral (select now() - (${n} - i) * interval '30 seconds' as created) t
      cross join lateral (select (array['new','new','new','contacted','qualified','converted','closed_won','closed_lost'])[1 + (i * 7) % 8] as status) s`),
    );
    process.stdout.write(`\r  seeded ${to.toLocaleString()} / ${n.toLocaleString()} leads`);
  }
  await asSystem(db, "bench: analyze", (tx) => tx.execute(sql`analyze leads, lead_search`));
  console.log(` in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

async function measure(label: string, times: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(3, times); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const result = { median: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
  console.log(
    `  ${label.padEnd(58)} median ${result.median.toFixed(1).padStart(8)} ms   p95 ${result.p95.toFixed(1).padStart(8)} ms   (${times} runs)`,
  );
  return result;
}

type Lead = {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  company: string;
  status: string;
  claimed_by: string | null;
  created_at: Date;
};

/** The old system: every lead into memory, then filter, sort, count and slice there. */
async function oldWay(db: Database, actor: Actor, view: ListLeadsInput) {
  const all = await asSystem(db, "bench: old way", (tx) =>
    queryRows<Lead>(
      tx,
      sql`select id, name, email, phone, company, status, claimed_by, created_at from leads`,
    ),
  );
  const q = String(view.q ?? "").toLowerCase();
  const matches = (l: Lead) =>
    (!view.status || l.status === view.status) &&
    (!q || `${l.name} ${l.email} ${l.company} ${l.phone ?? ""}`.toLowerCase().includes(q));
  const tallies = new Map<string, number>();
  const owner = view.owner ?? "open";
  const rows: Lead[] = [];
  for (const l of all) {
    if (!matches(l)) continue;
    tallies.set(l.claimed_by ?? "", (tallies.get(l.claimed_by ?? "") ?? 0) + 1);
    const mine =
      owner === "all" ||
      (owner === "open"
        ? !l.claimed_by
        : owner === "mine"
          ? l.claimed_by === actor.id
          : l.claimed_by === owner);
    if (mine) rows.push(l);
  }
  rows.sort((a, b) => new Date(b.created_at).getTime() - new Date(a.created_at).getTime());
  return { rows: rows.slice(0, 25), tallies };
}

/** The session lookup of every guarded request: Better Auth's cookie check, then app.session_actor. */
async function sessionLookup(handle: DatabaseHandle) {
  const { setDatabase } = await import("../../src/db/client");
  setDatabase(handle);
  const { getAuth } = await import("../../src/auth/auth");
  const { getActor } = await import("../../src/auth/session");
  const auth = await getAuth();
  const email = `bench-session-${Date.now()}@frontdesk.test`;
  const password = "bench-session-password";
  await auth.api.signUpEmail({ body: { name: "Bench Session", email, password } });
  const signedIn = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  const cookie = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (!(await getActor(new Headers({ cookie })))) throw new Error("the bench session was not accepted");
  const times = Number(option("session-runs") ?? 2000);
  // The same Cookie header each time (a browser's next request), and a new one each time (an extra
  // cookie that changes), which no answer kept per header can serve.
  for (const [label, headers] of [
    ["same Cookie header", () => new Headers({ cookie })],
    ["new Cookie header each time", (i: number) => new Headers({ cookie: `${cookie}; bench=${i}` })],
  ] as const) {
    const samples: number[] = [];
    for (let i = 0; i < times + 200; i++) {
      const h = headers(i);
      const t = performance.now();
      await getActor(h);
      if (i >= 200) samples.push((performance.now() - t) * 1000);
    }
    samples.sort((a, b) => a - b);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    console.log(
      `  session lookup (getActor), ${label.padEnd(28)} median ${percentile(samples, 0.5).toFixed(0)} µs, p95 ${percentile(samples, 0.95).toFixed(0)} µs, mean ${mean.toFixed(0)} µs (${times} runs)`,
    );
  }
}

/** A page's weight as sent: HTML bytes, the part that is the inlined RSC payload (Next's flight scripts), gzip. */
function weight(html: string) {
  const bytes = Buffer.byteLength(html);
  let flight = 0;
  for (const m of html.matchAll(
    /<script[^>]*>(self\.__next_f\.push\(.*?\)|\(self\.__next_f=.*?)<\/script>/gs,
  )) {
    flight += Buffer.byteLength(m[1]!);
  }
  return { bytes, flight, gzip: zlib.gzipSync(html).length };
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/** The server's CPU time so far (user + system, ms), from /proc; null without a pid. */
function serverCpuMs(): number | null {
  if (!serverPid) return null;
  const fields = fs.readFileSync(`/proc/${serverPid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function http(n: number | null) {
  if (!httpUrl) return;
  const { default: autocannon } = await import("autocannon");
  type Result = Parameters<Parameters<typeof autocannon>[1]>[1];
  const email = process.env.BENCH_EMAIL ?? "sam@frontdesk.test";
  const password = process.env.BENCH_PASSWORD ?? "frontdesk-demo";
  const signIn = await fetch(`${httpUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: httpUrl },
    body: JSON.stringify({ email, password }),
  });
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (!signIn.ok || !cookie) {
    console.log(`  http: sign-in as ${email} failed (${signIn.status}); skipped`);
    return;
  }
  const page = async (path: string) => {
    const response = await fetch(`${httpUrl}${path}`, { headers: { cookie }, redirect: "manual" });
    return { status: response.status, html: await response.text() };
  };
  const check = await page("/sales/leads");
  const shown = /data-owner="all"[^>]*>All \(([\d,+]+)\)/.exec(check.html)?.[1] ?? "?";
  console.log(
    `  http: signed in as ${email}; /sales/leads answers ${check.status}, All (${shown})${n === null ? "" : ` (the server's own database: N=${n} only if it points at the bench database)`}`,
  );
  const run = (path: string, duration: number, times: number[] = []) =>
    new Promise<Result>((resolve, reject) => {
      const instance = autocannon(
        { url: `${httpUrl}${path}`, connections: 10, duration, headers: { cookie } },
        (error, done) => (error ? reject(error) : resolve(done)),
      );
      instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
    });
  /** One measured run of 10 s: req/s, latency percentiles, and the server's CPU per request if known. */
  const measured = async (path: string) => {
    const times: number[] = [];
    const cpuBefore = serverCpuMs();
    const result = await run(path, 10, times);
    const cpuAfter = serverCpuMs();
    times.sort((a, b) => a - b);
    const cpu =
      cpuBefore === null || cpuAfter === null
        ? ""
        : `, server CPU ${((cpuAfter - cpuBefore) / times.length).toFixed(1)} ms/req`;
    console.log(
      `  http ${path.padEnd(44)} ${result.requests.average.toFixed(0)} req/s, latency median ${percentile(times, 0.5).toFixed(0)} ms, p95 ${percentile(times, 0.95).toFixed(0)} ms, p99 ${percentile(times, 0.99).toFixed(0)} ms, non-2xx ${result.non2xx}${cpu}`,
    );
    return result.requests.average;
  };
  const printWeight = async (path: string) => {
    const { status, html } = await page(path);
    const w = weight(html);
    console.log(
      `  weight ${path.padEnd(42)} ${status}: HTML ${kb(w.bytes)} (RSC payload ${kb(w.flight)}, rest ${kb(w.bytes - w.flight)}), gzip ${kb(w.gzip)}`,
    );
    return w;
  };

  const views = [
    "/sales/leads",
    "/sales/leads?owner=all&status=contacted",
    `/sales/leads?owner=all&q=lead${Math.floor((n ?? 2) / 2)}%40`,
    "/sales/leads?owner=all&q=okafor",
  ];
  for (const path of views) await printWeight(path);
  const account = "/settings/account";
  await printWeight(account);
  if (!flag("pair-only")) {
    for (const path of views) {
      if (warmup > 0) await run(path, warmup);
      await measured(path);
    }
  }

  // The lead page against /settings/account, back to back, in alternating order: a ratio from one minute.
  const leads = views[0]!;
  if (warmup > 0) for (const path of [leads, account]) await run(path, warmup);
  const ratios: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    console.log(`  round ${round} of ${rounds}, load average ${loadAverage()}`);
    const order = round % 2 ? [leads, account] : [account, leads];
    const rates: Record<string, number> = {};
    for (const path of order) rates[path] = await measured(path);
    ratios.push(rates[leads]! / rates[account]!);
    console.log(`  ratio ${leads} / ${account}: ${ratios.at(-1)!.toFixed(2)}`);
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  const { bytes } = weight((await page(leads)).html);
  console.log(
    `  ratio over ${rounds} rounds: median ${percentile(sorted, 0.5).toFixed(2)} (${sorted.map((r) => r.toFixed(2)).join(", ")}; target ≥ 0.80); ` +
      `${leads} HTML ${kb(bytes)} (target ≤ 35 KB)`,
  );
}

async function main() {
  machine();
  if (flag("http-only")) {
    console.log(
      `\nHTTP only, against ${httpUrl} (the server's own database), ${new Date().toISOString()}, load average ${loadAverage()}`,
    );
    await http(null);
    return;
  }
  for (const n of sizes) {
    console.log(`\nN = ${n.toLocaleString()} leads (${driver})`);
    const { handle, reused } = await open(n);
    try {
      if (reused) console.log("  reusing the seeded bench database (pass --fresh to rebuild)");
      await seed(handle.db, n);
      const actor = (await loadActor(handle.db, "bench-rep-1"))!;
      const views: [string, ListLeadsInput][] = [
        ["default view (Open, newest)", {}],
        ["filtered (owner Rita + status contacted)", { owner: "bench-rep-2", status: "contacted" }],
        [
          "filtered (All, status qualified, last activity)",
          { owner: "all", status: "qualified", sort: "activity" },
        ],
        ["search, selective (part of an address)", { owner: "all", q: `lead${Math.floor(n / 2)}@` }],
        ["search, broad (a last name, ~10% of leads)", { owner: "all", q: "okafor" }],
        [
          "search, whole email address",
          { owner: "all", q: `lead${Math.floor(n / 3)}@company${Math.floor(n / 3) % 5000}.example` },
        ],
        ["search, broad, Open (a first name, ~10%)", { q: "alex" }],
        [
          "search, broad + status (last name, qualified)",
          { owner: "all", q: "okafor", status: "qualified", sort: "activity" },
        ],
        ["search, broad, page 50 (past the count cap)", { owner: "all", q: "okafor", page: 50 }],
        [
          "search, an address's domain (N/5000 leads)",
          { owner: "all", q: `@company${Math.floor(n / 7) % 5000}.` },
        ],
      ];
      console.log("  page data + tallies, through listLeads under RLS:");
      for (const [label, view] of views) {
        const query = listLeadsSchema.parse(view);
        const check = await listLeads(handle.db, actor, query);
        if (!check.ok) throw new Error(check.message);
        const matched = `${check.total.toLocaleString()}${check.totalCapped ? "+" : ""} match`;
        await measure(`${label} [${matched}]`, runs, () => listLeads(handle.db, actor, query));
      }
      if (oldRuns > 0) console.log("  the old way (load every lead, filter in memory):");
      for (const [label, view] of oldRuns > 0 ? views.slice(0, 2).concat(views.slice(3, 5)) : []) {
        await measure(label, oldRuns, () => oldWay(handle.db, actor, view));
      }
      if (flag("session") && n === sizes[0]) await sessionLookup(handle);
      if (httpUrl) await http(n);
    } finally {
      await handle.close();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
