import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import { createLead } from "../../../tests/helpers/leads";
import { GET as exportRoute } from "../../app/api/leads/export/route";
import { getDb } from "../../db/client";
import type { Database } from "../../db/types";
import { csvCell, exportLeadsCsv } from "./export-leads-csv";
import { leadFilterSchema } from "./lead-view";
import { listLeads, listLeadsSchema } from "./list-leads";

let db: Database;
let rep: TestUser;

/** A small RFC 4180 reader, enough to check what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

beforeAll(async () => {
  db = await getDb();
  rep = await createTestUser({ isSales: true, name: "Export Rep" });
  // 23 leads in three companies; a batch size of 5 makes the export cross several keyset pages.
  const created = [];
  for (let i = 0; i < 23; i++) {
    created.push(
      await createLead({
        name: i === 0 ? '=HYPERLINK("http://evil.test","click")' : `Lead ${i}, "quoted"\nsecond line`,
        company: ["Acme", "Globex", "Initech"][i % 3],
      }),
    );
  }
  // Some claimed and moved on, some with the same creation time (the keyset must still see each once).
  await systemRows(sql`update leads set claimed_by = ${rep.id}, status = 'contacted'
    where id in (${sql.join(
      created.slice(0, 8).map((c) => sql`${c.id}`),
      sql`, `,
    )}) returning id`);
  await systemRows(sql`update leads set created_at = '2030-01-01T00:00:00.123456Z'
    where id in (${sql.join(
      created.slice(10, 16).map((c) => sql`${c.id}`),
      sql`, `,
    )}) returning id`);
});

async function allPages(input: Record<string, string>) {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const result = await listLeads(db, rep.actor, listLeadsSchema.parse({ ...input, page }));
    if (!result.ok) throw new Error(result.message);
    ids.push(...result.rows.map((r) => r.id));
    if (page * result.pageSize >= result.total) return ids;
  }
}

async function exported(input: Record<string, string>) {
  const result = await exportLeadsCsv(db, rep.actor, leadFilterSchema.parse(input), { batchSize: 5 });
  if (!result.ok) throw new Error(result.message);
  return parseCsv(await new Response(result.stream).text());
}

describe("CSV export of the current view", () => {
  const views: Record<string, string>[] = [
    { owner: "all" },
    { owner: "all", sort: "oldest" },
    { owner: "all", sort: "activity" },
    {},
    { owner: "mine", status: "contacted" },
    { owner: "all", q: "globex" },
    { owner: "open", q: "acme", sort: "oldest" },
  ];
  for (const view of views) {
    it(`holds exactly the rows of the view ${JSON.stringify(view)}, in its order`, async () => {
      const rows = await exported(view);
      expect(rows[0]!.slice(0, 6)).toEqual(["id", "created_at", "status", "owner", "name", "email"]);
      expect(rows.slice(1).map((r) => r[0])).toEqual(await allPages(view));
    });
  }

  it("escapes quotes, commas and line breaks, and defuses formulas", async () => {
    const rows = await exported({ owner: "all", sort: "oldest" });
    const names = rows.slice(1).map((r) => r[4]);
    expect(names).toContain(`Lead 5, "quoted"\nsecond line`);
    expect(names).toContain(`'=HYPERLINK("http://evil.test","click")`);
    const owners = rows.slice(1).map((r) => r[3]);
    expect(owners.filter((o) => o === "Export Rep")).toHaveLength(8);
    expect(csvCell("+1 555")).toBe("'+1 555");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell('a"b')).toBe('"a""b"');
    expect(csvCell(["x", "y"])).toBe("x; y");
  });

  it("streams through the route with the view's parameters", async () => {
    const response = await exportRoute(
      new Request("http://localhost:3000/api/leads/export?owner=mine&status=contacted", {
        headers: rep.headers,
      }),
    );
    expect(response.status).toBe(200);
    const rows = parseCsv(await response.text());
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual((await allPages({ owner: "mine", status: "contacted" })).sort());
    expect(rows).toHaveLength(9);
  });
});
