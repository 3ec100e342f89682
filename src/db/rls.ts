import { type SQL, sql } from "drizzle-orm";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Statement } from "./pglite-prepared.mjs";
import { queryRows } from "./query";
import type { Database, Tx } from "./types";

/** Runs statements as one transaction in one call and answers with the last one's rows (drizzle's way). */
export type OneCallTransaction = (statements: Statement[]) => Promise<{ rows: unknown[] }>;

type Registry = {
  // Where request transactions run when a separate login role is configured for them
  // (DATABASE_REQUEST_URL): a member of app_user only, so even RESET ROLE gains request code nothing.
  requestDatabases: WeakMap<Database, Database>;
  // Databases whose driver runs several statements as one transaction in one call (the embedded database).
  oneCallTransactions: WeakMap<Database, OneCallTransaction>;
};

// Next bundles the proxy, the pages and the start-up code separately, so one process can hold several
// copies of this module; whichever opened the database registered it in its own copy. The registry lives on
// the global object, as the database handle does (client.ts), so every copy sees it.
const REGISTRY = Symbol.for("frontdesk.database-registry");
const holder = globalThis as { [REGISTRY]?: Registry };
holder[REGISTRY] ??= { requestDatabases: new WeakMap(), oneCallTransactions: new WeakMap() };
const registry = holder[REGISTRY];

/** Sends withActor's transactions for `db` through `requestDb` (a pool logged in as the request role). */
export function registerRequestDatabase(db: Database, requestDb: Database): void {
  registry.requestDatabases.set(db, requestDb);
}

/** Lets readAsActor run its transaction on `db` in one call (pglite-prepared.mjs's transactionOf). */
export function registerOneCallTransaction(db: Database, run: OneCallTransaction): void {
  registry.oneCallTransactions.set(db, run);
}

const actorStatement = (actor: { id: string } | null) =>
  sql`select app.begin_actor(${actor?.id ?? ""}), set_config('role', 'app_user', true)`;

/**
 * Runs `fn` in a transaction as the request role `app_user`, with the actor set for row-level security.
 * app.begin_actor() looks the actor's role and flags up in the database and keeps them where request code
 * cannot write (migration 0008), so policies trust only what the database holds. `null` is a signed-out
 * visitor.
 */
export function withActor<T>(
  db: Database,
  actor: { id: string } | null,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return (registry.requestDatabases.get(db) ?? db).transaction(async (tx) => {
    await tx.execute(actorStatement(actor));
    return fn(tx);
  });
}

const dialect = new PgDialect();

function toStatement(query: SQL): Statement {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return { text, params };
}

/**
 * The rows of one statement read as the actor: what `withActor(db, actor, (tx) => queryRows(tx, query))`
 * answers. On the embedded database the actor and the statement go in one call, one transaction, instead
 * of four calls (begin, actor, statement, commit), each a trip to the database's thread.
 */
export async function readAsActor<T>(db: Database, actor: { id: string } | null, query: SQL): Promise<T[]> {
  const run = registry.oneCallTransactions.get(db);
  if (!run) return withActor(db, actor, (tx) => queryRows<T>(tx, query));
  const statement = toStatement(query);
  try {
    const { rows } = await run([toStatement(actorStatement(actor)), statement]);
    return rows as T[];
  } catch (error) {
    // As drizzle reports a failed query, so callers see one shape of error on every path.
    throw new DrizzleQueryError(statement.text, statement.params ?? [], error as Error);
  }
}

/**
 * Runs `fn` in a transaction with the owner's rights, for work that must act beyond the acting user:
 * webhooks, scheduled jobs, the demo form insert, auth bookkeeping. The reason is kept in the
 * transaction (visible in pg_stat_activity and logs) so every use says why it exists.
 */
export function asSystem<T>(db: Database, reason: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('app.system', 'on', true), set_config('application_name', ${`frontdesk:${reason}`.slice(0, 63)}, true)`,
    );
    return fn(tx);
  });
}
