// npm run bench:webhooks -- [--accounts 100] [--events 1000] [--duplicates 0.3] [--senders 10] [--seed 1]
//
// Stripe webhook throughput through the real route handler (signature check on the raw body, event id
// recorded, one convergent sync per event that re-reads the customer from Stripe, marked processed).
// An in-process Stripe emulator holds N accounts' customers and subscriptions, built through real
// checkouts, cancellations and renewals (4242 and …0341 cards), so the events are the emulator's own.
// From them it takes E signed deliveries, a share of them duplicates, shuffled, sent by S concurrent
// senders as in-process calls of POST(Request). Afterwards every account must match the emulator.
//
// PostgreSQL when DATABASE_URL is set (a fresh database, dropped afterwards), else an in-memory PGlite.
import crypto from "node:crypto";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import pg from "pg";
import type Stripe from "stripe";
import { POST } from "../../src/app/api/webhooks/stripe/route";
import { closeDatabase, setDatabase as installDatabase } from "../../src/db/client";
import { runMigrations } from "../../src/db/migrate";
import { openPostgres, pgliteExtensions, wrapPglite } from "../../src/db/open";
import { queryRows } from "../../src/db/query";
import { asSystem } from "../../src/db/rls";
import type { Database, DatabaseHandle } from "../../src/db/types";
import { HANDLED_EVENTS } from "../../src/features/billing/handle-stripe-webhook";
import { plans } from "../../src/features/billing/plans";
import { ensurePrices } from "../../src/features/billing/resolve-price";
import { getStripe } from "../../src/features/billing/stripe-client";
import { createStripeEmulator } from "../../tools/stripe-emulator/src/index";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ACCOUNTS = option("accounts", 100);
const DELIVERIES = option("events", 1000);
const DUPLICATE_SHARE = option("duplicates", 0.3);
const SENDERS = option("senders", 10);
const TARGET = 200;
const SECRET = "whsec_frontdesk_bench";

// A seeded generator, so two runs send the same mixture in the same order.
let state = option("seed", 1) >>> 0 || 1;
const random = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 2 ** 32;
};
const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const postgresUrl = process.env.DATABASE_URL;
const driver = postgresUrl ? "postgres" : "pglite";

function machine(): string {
  const cpus = os.cpus();
  return (
    `${cpus[0]?.model.trim() ?? "unknown CPU"} × ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `load ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version}, driver ${driver === "postgres" ? "PostgreSQL (node-postgres, pool 10)" : "PGlite (in memory)"}`
  );
}

async function openDatabase(): Promise<{ handle: DatabaseHandle; drop: () => Promise<void>; label: string }> {
  if (!postgresUrl) {
    const handle = wrapPglite(await PGlite.create({ extensions: pgliteExtensions }));
    await runMigrations(handle);
    return { handle, drop: async () => {}, label: "in-memory PGlite" };
  }
  const name = `frontdesk_bench_webhooks_${crypto.randomBytes(4).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), 10);
  try {
    await runMigrations(handle);
  } catch (error) {
    await handle.close();
    await admin(`drop database if exists ${name} with (force)`);
    throw error;
  }
  return {
    handle,
    drop: () => admin(`drop database if exists ${name} with (force)`),
    label: `database ${name}`,
  };
}

type Account = { id: string; email: string; customer: string };

/** N accounts (users → profiles by trigger), each linked to a Stripe customer in the emulator. */
async function createAccounts(db: Database, stripe: Stripe): Promise<Account[]> {
  const accounts: Account[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const id = `bench-user-${i}`;
    const email = `bench-${i}@example.test`;
    const customer = await stripe.customers.create({
      email,
      name: `Bench ${i}`,
      metadata: { frontdeskUserId: id },
    });
    accounts.push({ id, email, customer: customer.id });
  }
  await asSystem(db, "bench: accounts", async (tx) => {
    for (const a of accounts) {
      await tx.execute(sql`insert into users (id, name, email) values (${a.id}, ${a.email}, ${a.email})`);
      await tx.execute(
        sql`update profiles set stripe_customer_id = ${a.customer}, membership_status = 'trial',
            trial_ends_at = now() + interval '14 days' where id = ${a.id}`,
      );
    }
  });
  return accounts;
}

/** Real billing histories in the emulator: checkouts, cancellations, renewals that pay or fail, dunning. */
async function buildHistories(
  stripe: Stripe,
  emulatorUrl: string,
  accounts: Account[],
  prices: Record<string, string>,
) {
  const control = async (path: string, body: unknown) => {
    const response = await fetch(`${emulatorUrl}/_emulator/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const checkout = async (account: Account) => {
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: account.customer,
      line_items: [
        { price: random() < 0.8 ? prices.individual_monthly! : prices.individual_yearly!, quantity: 1 },
      ],
      success_url: "http://localhost:3000/settings/billing?checkout={CHECKOUT_SESSION_ID}",
      cancel_url: "http://localhost:3000/upgrade",
    });
    await control("pay", {
      sessionId: session.id,
      card: random() < 0.25 ? "4000000000000341" : "4242424242424242",
    });
  };
  for (const account of accounts) await checkout(account);
  // Three monthly cycles: members cancel, resume or change things; then renewals (paid, or failed for the
  // …0341 card), ends of canceled periods and, after 14 days past due, dunning.
  for (let cycle = 0; cycle < 3; cycle++) {
    for (const account of accounts) {
      const [sub] = (await stripe.subscriptions.list({ customer: account.customer, limit: 1 })).data;
      // Half of those whose subscription ended come back and subscribe again.
      if (!sub) {
        if (random() < 0.5) await checkout(account);
        continue;
      }
      const roll = random();
      if (roll < 0.05) await stripe.subscriptions.cancel(sub.id);
      else if (roll < 0.2)
        await stripe.subscriptions.update(sub.id, { cancel_at_period_end: !sub.cancel_at_period_end });
      else if (roll < 0.4) await stripe.subscriptions.update(sub.id, { metadata: { cycle: String(cycle) } });
    }
    await control("clock/advance", { days: 16 });
    await control("clock/advance", { days: 16 });
  }
}

type Delivery = { event: Stripe.Event; payload: string; signature: string };
type Outcome = { status: number; duplicate: boolean; ignored: boolean; ms: number };

async function main() {
  if (process.env.STRIPE_SECRET_KEY)
    throw new Error("Unset STRIPE_SECRET_KEY: this benchmark runs against the local emulator only.");
  console.log(`machine: ${machine()}`);
  const { handle, drop, label } = await openDatabase();
  console.log(`database: ${label}`);
  const emulator = await createStripeEmulator({ port: 0, webhookSecret: SECRET });
  process.env.STRIPE_EMULATOR_URL = emulator.url;
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  installDatabase(handle);
  let failed = false;
  try {
    const db = handle.db;
    const stripe = getStripe()!;
    const prices = await ensurePrices(stripe, plans);

    let t = performance.now();
    const accounts = await createAccounts(db, stripe);
    await buildHistories(stripe, emulator.url, accounts, prices);
    const customers = new Set(accounts.map((a) => a.customer));
    const all = (await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 })).filter((e) =>
      customers.has(
        (e.data.object as { customer?: string }).customer ?? (e.data.object as { id: string }).id,
      ),
    );
    console.log(
      `setup: ${accounts.length} accounts, ${all.length} emulator events in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    // Unique events: one handled event per account (each account must be synced at least once), the rest
    // at random, about one in twenty of a type the app records and ignores; then the duplicates.
    const uniqueCount = Math.round(DELIVERIES * (1 - DUPLICATE_SHARE));
    const handled = shuffle(all.filter((e) => HANDLED_EVENTS.has(e.type)));
    const unhandled = shuffle(all.filter((e) => !HANDLED_EVENTS.has(e.type)));
    const chosen = new Map<string, Stripe.Event>();
    for (const a of accounts) {
      const first = handled.find((e) => (e.data.object as { customer?: string }).customer === a.customer);
      if (first) chosen.set(first.id, first);
    }
    const extraIgnored = Math.min(unhandled.length, Math.round(uniqueCount * 0.05));
    for (const e of unhandled.slice(0, extraIgnored)) chosen.set(e.id, e);
    for (const e of handled) {
      if (chosen.size >= uniqueCount) break;
      chosen.set(e.id, e);
    }
    if (chosen.size < uniqueCount)
      throw new Error(`only ${chosen.size} distinct events; use fewer --events or more --accounts`);
    const unique = [...chosen.values()];
    const sequence = [...unique];
    while (sequence.length < DELIVERIES) sequence.push(pick(unique));
    shuffle(sequence);
    const deliveries: Delivery[] = sequence.map((event) => {
      const payload = JSON.stringify(event);
      return {
        event,
        payload,
        signature: stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }),
      };
    });
    const types = new Map<string, number>();
    for (const d of deliveries) types.set(d.event.type, (types.get(d.event.type) ?? 0) + 1);

    // Warm-up outside the measurement (module loading, first connections): an unsigned request, refused.
    await POST(new Request("http://localhost/api/webhooks/stripe", { method: "POST", body: "{}" }));

    const outcomes: Outcome[] = [];
    const retries: Delivery[] = [];
    let next = 0;
    const send = async (d: Delivery): Promise<Outcome> => {
      const started = performance.now();
      const response = await POST(
        new Request("http://localhost:3000/api/webhooks/stripe", {
          method: "POST",
          headers: { "content-type": "application/json", "stripe-signature": d.signature },
          body: d.payload,
        }),
      );
      const body = (await response.json()) as { duplicate?: boolean; ignored?: boolean };
      return {
        status: response.status,
        duplicate: Boolean(body.duplicate),
        ignored: Boolean(body.ignored),
        ms: performance.now() - started,
      };
    };
    t = performance.now();
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < deliveries.length) {
          const d = deliveries[next++]!;
          const outcome = await send(d);
          outcomes.push(outcome);
          if (outcome.status !== 200) retries.push(d);
        }
      }),
    );
    const elapsed = (performance.now() - t) / 1000;
    // What Stripe would do with a 500: deliver it again (not counted in the rate).
    const retried = await Promise.all(retries.map(send));

    const latencies = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
    const count = (f: (o: Outcome) => boolean) => outcomes.filter(f).length;
    const rate = deliveries.length / elapsed;

    // Every account must now be what the emulator says.
    const expectedOf = (subs: Stripe.Subscription[]) => {
      const rank: Record<string, number> = { active: 3, trialing: 3, past_due: 3, unpaid: 2, incomplete: 1 };
      const [decisive] = [...subs].sort(
        (a, b) => (rank[b.status] ?? 0) - (rank[a.status] ?? 0) || b.created - a.created,
      );
      if (!decisive) return { status: "trial", sub: null };
      const status =
        { active: "active", trialing: "active", past_due: "past_due" }[decisive.status as string] ??
        "inactive";
      return { status, sub: decisive.id };
    };
    const rows = await asSystem(db, "bench: verify", (tx) =>
      queryRows<{ id: string; membership_status: string; stripe_subscription_id: string | null }>(
        tx,
        sql`select id, membership_status, stripe_subscription_id from profiles where id like 'bench-user-%'`,
      ),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const mismatches: string[] = [];
    const statuses = new Map<string, number>();
    for (const a of accounts) {
      const expected = expectedOf(
        (await stripe.subscriptions.list({ customer: a.customer, status: "all", limit: 100 })).data,
      );
      const row = byId.get(a.id);
      statuses.set(expected.status, (statuses.get(expected.status) ?? 0) + 1);
      if (row?.membership_status !== expected.status || row.stripe_subscription_id !== expected.sub) {
        mismatches.push(
          `${a.id}: database ${row?.membership_status}/${row?.stripe_subscription_id}, Stripe ${expected.status}/${expected.sub}`,
        );
      }
    }
    const eventRows = await asSystem(db, "bench: events", (tx) =>
      queryRows<{ status: string; n: number }>(
        tx,
        sql`select status::text, count(*)::int as n from stripe_events group by status`,
      ),
    );
    const recorded = Object.fromEntries(eventRows.map((r) => [r.status, r.n]));
    const recordedTotal = eventRows.reduce((s, r) => s + r.n, 0);

    console.log("");
    console.log(
      `deliveries: ${deliveries.length} (${unique.length} distinct events, ${deliveries.length - unique.length} duplicates), ${SENDERS} concurrent senders`,
    );
    console.log(
      `types: ${[...types]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}`,
    );
    console.log("");
    console.log(
      "| driver | deliveries | senders | time | events/s | p50 | p95 | p99 | processed | duplicate | ignored | 500 (retried ok) |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
    console.log(
      `| ${driver} | ${deliveries.length} | ${SENDERS} | ${elapsed.toFixed(2)} s | **${rate.toFixed(0)}** | ${pct(50)} ms | ${pct(95)} ms | ${pct(99)} ms | ` +
        `${count((o) => o.status === 200 && !o.duplicate && !o.ignored)} | ${count((o) => o.duplicate)} | ${count((o) => o.ignored)} | ` +
        `${retries.length} (${retried.filter((o) => o.status === 200).length}) |`,
    );
    console.log("");
    console.log(
      `stripe_events: ${recordedTotal} rows (${JSON.stringify(recorded)}), expected ${unique.length} distinct`,
    );
    console.log(
      `accounts vs emulator: ${accounts.length - mismatches.length}/${accounts.length} equal; emulator says ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    for (const m of mismatches.slice(0, 10)) console.log(`  MISMATCH ${m}`);
    const ok =
      mismatches.length === 0 &&
      recordedTotal === unique.length &&
      !recorded.failed &&
      !recorded.processing &&
      retried.every((o) => o.status === 200);
    console.log(
      `result: ${ok ? "consistent" : "INCONSISTENT"}; ${rate >= TARGET ? "meets" : "BELOW"} the target of ${TARGET} events/s`,
    );
    failed = !ok;
  } finally {
    await emulator.close();
    await closeDatabase();
    await drop();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
