// The embedded database in its own thread (pglite-thread.ts starts it): PGlite's WebAssembly work runs here,
// beside the request thread instead of on it. Each message names one call on the database or on an open
// transaction; each answer carries the call's id, and an error as plain fields (an Error's own properties
// do not survive the copy between threads).
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { keepText, withPreparedStatements } from "./pglite-prepared.mjs";

const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);
// The same extensions as pgliteExtensions in open.ts.
const raw = await PGlite.create(workerData.dataDir, { extensions: { pg_trgm } });
const db = withPreparedStatements(raw);

/**
 * Open transactions by id: the PGlite transaction, how to end it (commit or roll back), and who waits
 * for the answer to "end".
 * @type {Map<number, { tx: import("@electric-sql/pglite").Transaction, end: (commit: boolean) => void, ended?: (answer: object) => void }>}
 */
const transactions = new Map();

/** The query's options as the request thread described them: parsers that keep text are named by type. */
function optionsOf(/** @type {{ rowMode?: "array" | "object", keepText?: number[] }} */ given = {}) {
  if (!given.keepText) return { rowMode: given.rowMode };
  return {
    rowMode: given.rowMode,
    parsers: Object.fromEntries(given.keepText.map((oid) => [oid, keepText])),
  };
}

const ERROR_FIELDS = ["code", "detail", "hint", "severity", "schema", "table", "column", "constraint"];

function errorFields(/** @type {any} */ error) {
  /** @type {Record<string, unknown>} */
  const fields = { message: String(error?.message ?? error), name: error?.name };
  for (const key of [...ERROR_FIELDS, "where", "routine", "position"])
    if (error?.[key] !== undefined) fields[key] = error[key];
  return fields;
}

/** One call on the database or on a transaction. */
function run(/** @type {any} */ target, /** @type {any} */ { op, text, params, options }) {
  if (op === "query") return target.query(text, params, optionsOf(options));
  if (op === "exec") return target.exec(text, optionsOf(options));
  if (op === "rollback") return target.rollback();
  return Promise.reject(new Error(`Unknown operation ${op}.`));
}

class RolledBack extends Error {}

/**
 * Starts transaction `id` with its first call and answers with that call's result. The transaction stays
 * open until "end" commits or rolls it back; "end" is answered once PGlite has done so.
 */
function begin(/** @type {number} */ id, /** @type {any} */ first) {
  db.transaction(
    (tx) =>
      new Promise((resolve, reject) => {
        transactions.set(id, {
          tx,
          end: (commit) => (commit ? resolve(undefined) : reject(new RolledBack())),
        });
        run(tx, first).then(
          (result) => port.postMessage({ id, ok: true, result }),
          (error) => port.postMessage({ id, ok: false, error: errorFields(error) }),
        );
      }),
  ).then(
    () => finish(id, { ok: true }),
    (error) => {
      // A transaction that could not even begin answers "begin" itself: nothing else would.
      if (!transactions.has(id)) port.postMessage({ id, ok: false, error: errorFields(error) });
      else finish(id, error instanceof RolledBack ? { ok: true } : { ok: false, error: errorFields(error) });
    },
  );
}

function finish(/** @type {number} */ id, /** @type {object} */ answer) {
  const open = transactions.get(id);
  transactions.delete(id);
  open?.ended?.(answer);
}

port.on("message", async (message) => {
  const { id, op, tx } = message;
  try {
    if (op === "begin") return begin(id, message.first);
    if (op === "end") {
      const open = transactions.get(tx);
      if (!open) throw new Error("No such transaction is open.");
      open.ended = (answer) => port.postMessage({ id, ...answer });
      return open.end(message.commit);
    }
    if (op === "statements")
      return port.postMessage({
        id,
        ok: true,
        result: await db.transactionOf(message.statements, optionsOf(message.options)),
      });
    if (op === "close") {
      await raw.close();
      return port.postMessage({ id, ok: true });
    }
    const target = tx === undefined ? db : transactions.get(tx)?.tx;
    if (!target) throw new Error("No such transaction is open.");
    port.postMessage({ id, ok: true, result: await run(target, message) });
  } catch (error) {
    port.postMessage({ id, ok: false, error: errorFields(error) });
  }
});

port.postMessage({ ready: true });
