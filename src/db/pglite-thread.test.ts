import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteThread } from "./pglite-thread";

// The server's embedded database in its own thread must behave as PGlite in-process does: same answers,
// same errors, transactions that commit, roll back and hold other statements off until they end.

let dir: string;
let thread: Awaited<ReturnType<typeof openPgliteThread>>;
let db: PGlite;

const count = async () => (await db.query<{ n: number }>("select count(*)::int as n from notes")).rows[0]!.n;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontdesk-thread-"));
  thread = await openPgliteThread(dir);
  db = thread.client;
  await db.exec("create table notes (id int primary key, body text not null, at timestamptz)");
});

afterAll(async () => {
  await thread?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the embedded database's thread", () => {
  it("answers queries with their values, row modes and text parsers", async () => {
    const insert = "insert into notes (id, body, at) values ($1, $2, $3)";
    for (const id of [1, 2, 3]) await db.query(insert, [id, `note ${id}`, "2026-01-02T03:04:05.678Z"]);
    const asObjects = await db.query<{ id: number; body: string; at: Date }>(
      "select id, body, at from notes where id = $1",
      [2],
    );
    expect(asObjects.rows).toEqual([{ id: 2, body: "note 2", at: new Date("2026-01-02T03:04:05.678Z") }]);
    const asText = await db.query("select at from notes where id = $1", [2], {
      rowMode: "array",
      parsers: { 1184: (value: string) => value },
    });
    expect(asText.rows).toEqual([["2026-01-02 03:04:05.678+00"]]);
  });

  it("keeps a database error's code and message", async () => {
    await expect(
      db.query("insert into notes (id, body) values ($1, $2)", [1, "again"]),
    ).rejects.toMatchObject({
      code: "23505",
      message: expect.stringContaining("duplicate key"),
    });
  });

  it("commits a transaction, and rolls one back when it throws or asks to", async () => {
    const before = await count();
    await db.transaction(async (tx) => {
      await tx.query("insert into notes (id, body) values ($1, $2)", [10, "kept"]);
    });
    expect(await count()).toBe(before + 1);
    await expect(
      db.transaction(async (tx) => {
        await tx.query("insert into notes (id, body) values ($1, $2)", [11, "dropped"]);
        throw new Error("abandon");
      }),
    ).rejects.toThrow("abandon");
    await db.transaction(async (tx) => {
      await tx.query("insert into notes (id, body) values ($1, $2)", [12, "dropped"]);
      await tx.rollback();
    });
    expect(await count()).toBe(before + 1);
  });

  it("runs statements as one transaction and answers with the last one's rows, or the error", async () => {
    const statements = [
      { text: "select set_config('app.note', $1, true)", params: ["noted"] },
      {
        text: "select current_setting('app.note') as note, count(*)::int as n from notes where id = $1",
        params: [1],
      },
    ];
    for (let i = 0; i < 3; i++)
      expect((await thread.client.transactionOf(statements)).rows).toEqual([{ note: "noted", n: 1 }]);
    const before = await count();
    await expect(
      thread.client.transactionOf([
        { text: "insert into notes (id, body) values ($1, $2)", params: [30, "rolled back"] },
        { text: "insert into notes (id, body) values ($1, $2)", params: [1, "a duplicate"] },
      ]),
    ).rejects.toMatchObject({ code: "23505" });
    expect(await count()).toBe(before);
  });

  it("holds other statements off until an open transaction ends", async () => {
    const events: string[] = [];
    let outside: Promise<number> | undefined;
    await db.transaction(async (tx) => {
      await tx.query("insert into notes (id, body) values ($1, $2)", [20, "in a transaction"]);
      outside = count().then((n) => {
        events.push("outside read");
        return n;
      });
      // Give the outside read every chance to run early: it must wait for the commit.
      for (let i = 0; i < 5; i++) await tx.query("select 1");
      events.push("committing");
    });
    const seen = await outside!;
    expect(events).toEqual(["committing", "outside read"]);
    expect(seen).toBe(await count());
  });

  it("answers every call after it is closed with a sentence, instead of leaving it waiting", async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "frontdesk-thread-"));
    try {
      const closing = await openPgliteThread(other);
      await closing.client.query("select 1");
      await closing.close();
      await expect(closing.client.query("select 1")).rejects.toThrow("The embedded database is closed.");
      await expect(closing.client.transaction(async (tx) => tx.query("select 1"))).rejects.toThrow(
        "The embedded database is closed.",
      );
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it("refuses options it cannot carry across, in a sentence", async () => {
    await expect(
      db.query("select 1 as n", [], { parsers: { 23: (value: string) => `n=${value}` } }),
    ).rejects.toThrow("takes only parsers that keep text");
  });
});
