import pg from "pg";

// PGlite runs each query as an unnamed statement: it is parsed and planned again every time (under
// row-level security, with its policies), in six calls into the WebAssembly module. A
// statement the app runs again is prepared once per database (PREPARE) and then run with EXECUTE in one
// simple-protocol round trip, so PostgreSQL keeps its plan (and replans it itself when the schema, the role
// or the search path changes, as for any prepared statement).

/** A text is prepared the second time it is seen, so one-off statements (migrations, rare shapes) are not. */
const PREPARE_AT = 2;
/** Prepared statements per database at most; beyond it, new texts run as unnamed statements. */
const MAX_PREPARED = 500;
/** Only what PREPARE accepts: one plannable statement (PREPARE itself refuses a second one). */
const PREPARABLE = /^\s*(select|with|insert|update|delete|values)\b/i;

/**
 * A statement that may change what a prepared one returns (a column dropped or retyped): PostgreSQL would
 * refuse to run the old plan ("cached plan must not change result type"), so all are dropped first.
 */
const SCHEMA_CHANGE = /^\s*(create|alter|drop|do)\b/i;

/** What a parser that passes text through gives back unchanged. */
const PARSER_PROBE = "2000-01-02 03:04:05.678+00";

/** A parser that keeps a value as the text PostgreSQL sent. @param {string} text */
export const keepText = (text) => text;

/**
 * The types of `parsers` when every one of them passes text through unchanged (what drizzle asks for
 * dates, times and intervals), else null.
 * @param {Record<string, (text: string, typeId?: number) => unknown>} parsers
 * @returns {number[] | null}
 */
export function textKeepingTypes(parsers) {
  const types = [];
  for (const [oid, parse] of Object.entries(parsers)) {
    if (parse(PARSER_PROBE, Number(oid)) !== PARSER_PROBE) return null;
    types.push(Number(oid));
  }
  return types;
}

/**
 * What drizzle's PGlite driver asks of a raw query (drizzle-orm/pglite/session.js): rows as objects, and
 * timestamps, dates, intervals, numeric arrays and their like as the text PostgreSQL sent.
 * @type {import("@electric-sql/pglite").QueryOptions}
 */
export const DRIZZLE_RAW_OPTIONS = {
  rowMode: "object",
  parsers: Object.fromEntries(
    [1114, 1184, 1186, 1082, 1231, 1115, 1185, 1187, 1182].map((oid) => [oid, keepText]),
  ),
};

/** @typedef {{ name: string, types: number[] }} Prepared */
/** @typedef {import("@electric-sql/pglite").QueryOptions} QueryOptions */
/** @typedef {Pick<import("@electric-sql/pglite").Transaction, "query" | "exec">} Target */

/**
 * The client drizzle is given for an embedded database: `query` (also inside transactions) goes through
 * the prepared statements, with drizzle's text parsers installed on the client; everything else is
 * PGlite's own. The client must be drizzle's alone: its defaults then keep those types as text. Plain
 * JavaScript, because the server runs it in the embedded database's own thread (pglite-worker.mjs).
 *
 * @param {import("@electric-sql/pglite").PGlite} client
 * @returns {import("@electric-sql/pglite").PGlite}
 */
export function withPreparedStatements(client) {
  /** @type {Map<string, number>} */
  const seen = new Map();
  /** @type {Map<string, Prepared>} */
  const prepared = new Map();
  let named = 0;

  // Drizzle asks every query to hand dates, times, intervals and their arrays over as text (it maps them
  // itself). PGlite merges per-query parsers into its ~300 own on every call (0.1–0.2 ms each time), so
  // parsers that pass text through are installed on the client once and left out of the query's options.
  /** @param {QueryOptions | undefined} options */
  function installParsers(options) {
    if (!options?.parsers) return options;
    const types = textKeepingTypes(options.parsers);
    if (!types) return options;
    for (const oid of types) client.parsers[oid] = keepText;
    const { parsers: _, ...rest } = options;
    return rest;
  }

  /**
   * The prepared statement for `text`, preparing it on the PREPARE_AT-th sighting; null while it is not
   * (yet) prepared or cannot be.
   * @param {Target} target
   * @param {string} text
   * @param {QueryOptions} [options]
   * @returns {Promise<Prepared | null>}
   */
  async function preparedFor(target, text, options) {
    if (SCHEMA_CHANGE.test(text) && prepared.size) {
      await target.query("deallocate all");
      prepared.clear();
    }
    if (!PREPARABLE.test(text) || options?.blob || options?.paramTypes) return null;
    let statement = prepared.get(text);
    if (statement) return statement;
    const count = (seen.get(text) ?? 0) + 1;
    if (count < PREPARE_AT || prepared.size >= MAX_PREPARED) {
      if (seen.size >= MAX_PREPARED * 4) seen.clear();
      seen.set(text, count);
      return null;
    }
    seen.delete(text);
    // Through the extended protocol, so a text of several statements is refused as it would be unprepared.
    const name = `frontdesk_${++named}`;
    await target.query(`prepare ${name} as ${text}`);
    const { rows } = await target.query(
      "select parameter_types::oid[] as types from pg_prepared_statements where name = $1",
      [name],
    );
    statement = { name, types: /** @type {{ types: number[] }[]} */ (rows)[0]?.types ?? [] };
    prepared.set(text, statement);
    return statement;
  }

  /**
   * `execute name(literals)` for a prepared statement, or null when a value cannot be written as a literal.
   * @param {Prepared} statement
   * @param {unknown[]} params
   * @param {QueryOptions} [options]
   */
  function executeText(statement, params, options) {
    const literals = toLiterals(
      params,
      statement.types,
      (oid) => options?.serializers?.[oid] ?? client.serializers[oid],
    );
    if (!literals) return null;
    return `execute ${statement.name}${literals.length ? `(${literals.join(", ")})` : ""}`;
  }

  /**
   * @param {Target} target
   * @param {string} text
   * @param {unknown[]} params
   * @param {QueryOptions} [given]
   */
  async function query(target, text, params = [], given) {
    const options = installParsers(given);
    const statement = await preparedFor(target, text, options);
    const execute = statement && executeText(statement, params, options);
    if (!execute) return target.query(text, params, options);
    const [result] = await target.exec(execute, options);
    return result;
  }

  /**
   * Runs `statements` as one transaction and answers with the last one's result. Once each is prepared,
   * that is one call into the database: their EXECUTEs in one simple-protocol message, which PostgreSQL
   * runs as one implicit transaction (a failure anywhere rolls all of it back, and SET LOCAL lasts until
   * its end). Until then, a transaction of PGlite's runs them one by one.
   * @param {{ text: string, params?: unknown[] }[]} statements
   * @param {QueryOptions} [given]
   */
  async function transactionOf(statements, given) {
    const options = installParsers(given);
    const runs = [];
    for (const { text, params = [] } of statements) {
      const statement = await preparedFor(client, text, options);
      runs.push({ text, params, execute: statement && executeText(statement, params, options) });
    }
    if (runs.length && runs.every((run) => run.execute)) {
      const results = await client.exec(runs.map((run) => run.execute).join("; "), options);
      return results[results.length - 1];
    }
    return client.transaction(async (tx) => {
      let result;
      for (const { text, params, execute } of runs)
        result = execute ? (await tx.exec(execute, options))[0] : await tx.query(text, params, options);
      return result;
    });
  }

  /** @param {import("@electric-sql/pglite").Transaction} tx */
  const wrapTransaction = (tx) =>
    new Proxy(tx, {
      get(target, key) {
        if (key === "query")
          return (
            /** @type {string} */ text,
            /** @type {unknown[]} */ params,
            /** @type {QueryOptions} */ options,
          ) => query(target, text, params, options);
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });

  return new Proxy(client, {
    get(target, key) {
      if (key === "query")
        return (
          /** @type {string} */ text,
          /** @type {unknown[]} */ params,
          /** @type {QueryOptions} */ options,
        ) => query(target, text, params, options);
      if (key === "transactionOf") return transactionOf;
      if (key === "transaction")
        return (
          /** @type {(tx: import("@electric-sql/pglite").Transaction) => Promise<unknown>} */ callback,
        ) => target.transaction((tx) => callback(wrapTransaction(tx)));
      const value = Reflect.get(target, key);
      // PGlite's methods use private fields, which exist on the client, not on this proxy.
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * The parameters as SQL literals, serialized by their types the way PGlite would bind them; null when one
 * cannot be written as a literal (a binary value, or a NUL, which would end the message), so the query
 * runs unprepared.
 */
/**
 * @param {unknown[]} params
 * @param {number[]} types
 * @param {(oid: number) => ((value: any) => unknown) | undefined} serializerOf
 * @returns {string[] | null}
 */
function toLiterals(params, types, serializerOf) {
  /** @type {string[]} */
  const literals = [];
  for (const [i, param] of params.entries()) {
    if (param === null || param === undefined) {
      literals.push("NULL");
      continue;
    }
    const serialize = serializerOf(types[i] ?? 0);
    const text = serialize ? serialize(param) : String(param);
    if (typeof text !== "string" || text.includes("\0")) return null;
    literals.push(pg.escapeLiteral(text));
  }
  return literals;
}
