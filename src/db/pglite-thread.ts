import path from "node:path";
import { Worker } from "node:worker_threads";
import type { QueryOptions, Results, Transaction } from "@electric-sql/pglite";
import { type Statement, type StatementsClient, textKeepingTypes } from "./pglite-prepared.mjs";

// The server's embedded database runs in a thread of its own (pglite-worker.mjs): PGlite's WebAssembly
// work and its result parsing no longer hold up the thread that renders pages, and on two cores they run
// beside it. This is the client drizzle is given there; it speaks the part of PGlite's API drizzle uses
// (query, exec, transaction) and forwards each call. Tests open PGlite in-process (wrapPglite).

type Answer = { id: number; ok: boolean; result?: unknown; error?: Record<string, unknown> };
type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** The options a query may carry across: the row mode, and which types keep their text. */
function portableOptions(options?: QueryOptions) {
  if (!options) return undefined;
  const { rowMode, parsers, serializers, ...rest } = options;
  if (serializers || Object.keys(rest).some((key) => rest[key as keyof typeof rest] !== undefined))
    throw new Error("The embedded database's thread takes only the row mode and text parsers as options.");
  if (!parsers) return { rowMode };
  const keepText = textKeepingTypes(parsers);
  if (!keepText) throw new Error("The embedded database's thread takes only parsers that keep text.");
  return { rowMode, keepText };
}

function toError(fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(String(fields.message ?? "The embedded database failed.")), fields);
}

/** Starts the embedded database's thread on `dataDir` and answers once it is open. */
export async function openPgliteThread(
  dataDir: string,
): Promise<{ client: StatementsClient; close: () => Promise<void> }> {
  // From the app's root, as the data folder is: the bundled server has no path of its own to the file.
  const script = path.resolve(/* turbopackIgnore: true */ process.cwd(), "src/db/pglite-worker.mjs");
  // Plain JavaScript: none of the flags or loaders the process was started with (tsx, --input-type).
  const worker = new Worker(script, { workerData: { dataDir }, execArgv: [] });
  const pending = new Map<number, Pending>();
  let next = 0;
  let failure: Error | null = null;

  const failAll = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    worker.once("message", (message: { ready?: boolean }) => (message.ready ? resolve() : reject()));
    worker.once("error", reject);
  });
  worker.on("message", (answer: Answer) => {
    const waiting = pending.get(answer.id);
    if (!waiting) return;
    pending.delete(answer.id);
    if (answer.ok) waiting.resolve(answer.result);
    else waiting.reject(toError(answer.error));
  });
  worker.on("error", (error) => {
    console.error("[db] the embedded database's thread failed:", error);
    failAll(new Error("The embedded database stopped; restart the server."));
  });
  worker.on("exit", () => failAll(new Error("The embedded database is closed.")));

  const send = <T>(id: number, message: Record<string, unknown>) =>
    new Promise<T>((resolve, reject) => {
      if (failure) return reject(failure);
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, ...message });
    });
  const call = <T>(message: Record<string, unknown>) => send<T>(++next, message);

  /** The calls drizzle makes, each handed to `forward` (the database's, or a transaction's). */
  const on = (forward: <T>(message: Record<string, unknown>) => Promise<T>) => ({
    query: async <T>(text: string, params?: unknown[], options?: QueryOptions) =>
      forward<Results<T>>({ op: "query", text, params, options: portableOptions(options) }),
    exec: async (text: string, options?: QueryOptions) =>
      forward<Results[]>({ op: "exec", text, options: portableOptions(options) }),
  });

  // A transaction starts with its first call, in one round trip ("begin" carries it): a request's
  // transaction is then three trips to the thread (first call, the rest, "end") instead of four.
  async function transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const id = ++next;
    let begun: Promise<unknown> | null = null;
    const forward = <R>(message: Record<string, unknown>): Promise<R> => {
      if (!begun) {
        begun = send(id, { op: "begin", first: message });
        return begun as Promise<R>;
      }
      // Later calls go once the transaction is open, even if the caller did not wait for the first.
      return begun.then(
        () => call<R>({ ...message, tx: id }),
        () => call<R>({ ...message, tx: id }),
      );
    };
    let closed = false;
    const tx = {
      ...on(forward),
      rollback: async () => {
        await forward({ op: "rollback" });
        closed = true;
      },
      get closed() {
        return closed;
      },
    } as unknown as Transaction;
    let result: T;
    try {
      result = await callback(tx);
    } catch (error) {
      if (begun) await call({ op: "end", tx: id, commit: false }).catch(() => {});
      throw error;
    }
    // A transaction that made no call has nothing to commit.
    if (begun) await call({ op: "end", tx: id, commit: true });
    return result;
  }

  await ready;
  const transactionOf = async <T>(statements: Statement[], options?: QueryOptions) =>
    call<Results<T>>({ op: "statements", statements, options: portableOptions(options) });
  const client = { ...on(call), transaction, transactionOf } as unknown as StatementsClient;
  return {
    client,
    close: async () => {
      await call({ op: "close" });
      await worker.terminate();
    },
  };
}
