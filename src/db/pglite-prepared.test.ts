import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StatementsClient, withPreparedStatements } from "./pglite-prepared.mjs";

// The embedded database's statement cache must answer exactly as PGlite does unprepared: same rows, same
// types, same errors, same rights, and no way for a value to become SQL.

let raw: PGlite;
let db: StatementsClient;

const prepared = async () =>
  (await raw.query<{ name: string }>("select name from pg_prepared_statements")).rows.length;

/** Runs a statement often enough to be prepared (and then some), returning the last answer. */
async function repeatedly<T>(run: () => Promise<T>, times = 4): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < times; i++) last = await run();
  return last!;
}

beforeAll(async () => {
  raw = await PGlite.create();
  db = withPreparedStatements(raw);
  await raw.exec(`
    create table notes (id int primary key, body text not null, meta jsonb, tags text[], at timestamptz);
    create role reader;
    grant select on notes to reader;
    alter table notes enable row level security;
    create policy reader_sees_public on notes for select to reader using (body like 'public%');
  `);
});

afterAll(async () => {
  await raw.close();
});

describe("the embedded database's prepared statements", () => {
  it("prepare a statement the second time it runs and answer as PGlite does unprepared", async () => {
    const before = await prepared();
    const insert = "insert into notes (id, body, meta, tags, at) values ($1, $2, $3, $4, $5)";
    const values = (id: number) => [
      id,
      `note ${id}`,
      { n: id, s: "x" },
      ["a", "b"],
      "2026-01-02T03:04:05.678Z",
    ];
    const first = await db.query(insert, values(1));
    expect(await prepared()).toBe(before);
    const second = await db.query(insert, values(2));
    expect(await prepared()).toBe(before + 1);
    expect(second.affectedRows).toBe(first.affectedRows);

    const select = "select id, body, meta, tags, at from notes where id = $1";
    const unprepared = await raw.query(select, [2], { rowMode: "array" });
    const cached = await repeatedly(() => db.query(select, [2], { rowMode: "array" }));
    expect(cached.rows).toEqual(unprepared.rows);
    expect(cached.fields).toEqual(unprepared.fields);
    expect(cached.rows[0]).toEqual([2, "note 2", { n: 2, s: "x" }, ["a", "b"], expect.any(Date)]);
  });

  it("keep quotes, backslashes and SQL in values as data", async () => {
    const hostile = ["it's", "back\\slash\\'", "'); drop table notes; --", "$1 $$ dollar", "é ✓"];
    const insert = "insert into notes (id, body) values ($1, $2)";
    for (const [i, body] of hostile.entries()) await db.query(insert, [100 + i, body]);
    const { rows } = await repeatedly(() =>
      db.query<{ body: string }>("select body from notes where id >= $1 and id < $2 order by id", [100, 200]),
    );
    expect(rows.map((r) => r.body)).toEqual(hostile);
  });

  it("refuse a value with a NUL as PGlite does, without running anything else", async () => {
    const insert = "insert into notes (id, body) values ($1, $2)";
    await repeatedly(() =>
      db.query(insert, [200, "fine"]).then(() => raw.exec("delete from notes where id = 200")),
    );
    const direct = await raw.query(insert, [201, "a\0b"]).catch((e: Error) => e.message);
    const cached = await db.query(insert, [201, "a\0b"]).catch((e: Error) => e.message);
    expect(cached).toBe(direct);
    expect((await raw.query("select 1 from notes where id = 201")).rows).toHaveLength(0);
  });

  it("refuse a text of two statements every time, running neither", async () => {
    const twice = "select 1; delete from notes";
    const count = async () =>
      (await raw.query<{ n: number }>("select count(*)::int as n from notes")).rows[0]!.n;
    const before = await count();
    for (let i = 0; i < 3; i++)
      await expect(db.query(twice)).rejects.toThrow(
        /cannot insert multiple commands into a prepared statement/,
      );
    expect(await count()).toBe(before);
  });

  it("keep the error codes the app checks for", async () => {
    const insert = "insert into notes (id, body) values ($1, $2)";
    await repeatedly(() =>
      db.query(insert, [300, "one"]).then(() => raw.exec("delete from notes where id = 300")),
    );
    await db.query(insert, [300, "one"]);
    await expect(db.query(insert, [300, "again"])).rejects.toMatchObject({ code: "23505" });
  });

  it("roll back with the transaction and keep working after it", async () => {
    const insert = "insert into notes (id, body) values ($1, $2)";
    await expect(
      db.transaction(async (tx) => {
        for (let i = 0; i < 3; i++) await tx.query(insert, [400 + i, "rolled back"]);
        throw new Error("abandon");
      }),
    ).rejects.toThrow("abandon");
    expect((await raw.query("select 1 from notes where id >= 400 and id < 410")).rows).toHaveLength(0);
    await db.query(insert, [410, "kept"]);
    expect((await raw.query("select body from notes where id = 410")).rows).toEqual([{ body: "kept" }]);
  });

  it("follow the schema when it changes through it after preparing", async () => {
    const select = "select * from notes where id = $1";
    await repeatedly(() => db.query(select, [1]));
    await db.query("alter table notes alter column meta type text using meta::text");
    const { fields } = await db.query(select, [1]);
    expect(fields.find((f) => f.name === "meta")?.dataTypeID).toBe(25); // text, no longer jsonb
  });

  it("apply the policies of the role a statement runs as, not of the one it was prepared under", async () => {
    const select = "select body from notes order by id";
    await repeatedly(() => db.query(select));
    await raw.exec("insert into notes (id, body) values (500, 'public notice'), (501, 'private diary')");
    const asReader = await db.transaction(async (tx) => {
      await tx.query("select set_config('role', 'reader', true)");
      return repeatedly(() => tx.query<{ body: string }>(select));
    });
    expect(asReader.rows.map((r) => r.body)).toEqual(["public notice"]);
    const asOwner = await db.query<{ body: string }>(select);
    expect(asOwner.rows.map((r) => r.body)).toContain("private diary");
  });

  describe("statements run as one transaction (transactionOf)", () => {
    const setNote = {
      text: "select set_config('app.note', $1, true) as note",
      params: ["in the transaction"],
    };
    const readNote = (id: number) => ({
      text: "select id, body, current_setting('app.note', true) as note from notes where id = $1",
      params: [id],
    });

    /** The calls the client makes into PGlite while `run` runs. */
    async function callsDuring(run: () => Promise<unknown>) {
      const calls: string[] = [];
      const original = { query: raw.query, exec: raw.exec, transaction: raw.transaction };
      for (const key of ["query", "exec", "transaction"] as const)
        Object.assign(raw, {
          [key]: (...args: unknown[]) => {
            calls.push(key);
            return (original[key] as (...a: unknown[]) => unknown).apply(raw, args);
          },
        });
      try {
        await run();
      } finally {
        Object.assign(raw, original);
      }
      return calls;
    }

    it("answer with the last statement's rows, in one call into PGlite once each is prepared", async () => {
      await raw.exec("insert into notes (id, body) values (700, 'seven hundred')");
      const first = await db.transactionOf([setNote, readNote(700)]);
      expect(first.rows).toEqual([{ id: 700, body: "seven hundred", note: "in the transaction" }]);
      await db.transactionOf([setNote, readNote(700)]);
      const calls = await callsDuring(async () => {
        const again = await db.transactionOf([setNote, readNote(700)]);
        expect(again.rows).toEqual(first.rows);
        expect(again.fields).toEqual(first.fields);
      });
      expect(calls).toEqual(["exec"]);
      // SET LOCAL lasted until the end of that transaction, and no longer.
      expect((await raw.query("select current_setting('app.note', true) as note")).rows).toEqual([
        { note: "" },
      ]);
    });

    it("roll every statement back when one fails, prepared or not, and keep working", async () => {
      const insert = (id: number) => ({
        text: "insert into notes (id, body) values ($1, $2)",
        params: [id, "lost"],
      });
      const fail = { text: "select 1 / $1::int as n", params: [0] };
      for (const id of [710, 711, 712, 713])
        await expect(db.transactionOf([insert(id), fail])).rejects.toMatchObject({ code: "22012" });
      expect((await raw.query("select 1 from notes where id between 710 and 713")).rows).toHaveLength(0);
      expect((await db.transactionOf([setNote, readNote(700)])).rows).toHaveLength(1);
    });

    it("keep hostile values as data and refuse a text of two statements", async () => {
      const hostile = "'); delete from notes; select ('";
      const echo = { text: "select $1::text as said", params: [hostile] };
      for (let i = 0; i < 3; i++)
        expect((await db.transactionOf([setNote, echo])).rows).toEqual([{ said: hostile }]);
      const before = (await raw.query("select count(*)::int as n from notes")).rows;
      for (let i = 0; i < 3; i++)
        await expect(db.transactionOf([setNote, { text: "select 1; delete from notes" }])).rejects.toThrow();
      expect((await raw.query("select count(*)::int as n from notes")).rows).toEqual(before);
    });
  });

  // Last: the client keeps the text parsers it installs from here on.
  it("keep text for types drizzle keeps as text, and still apply any other parser asked for", async () => {
    const asText = { 1184: (v: string) => v };
    const select = "select $1::timestamptz as at, 41 + 1 as n";
    const at = "2026-01-02 03:04:05.678+00";
    for (let i = 0; i < 3; i++) {
      const { rows } = await db.query(select, [at], { rowMode: "array", parsers: asText });
      expect(rows).toEqual([[at, 42]]);
    }
    const tagged = { 23: (v: string) => `n=${v}` };
    const { rows } = await db.query(select, [at], { rowMode: "array", parsers: tagged });
    expect(rows).toEqual([[at, "n=42"]]);
  });
});
