import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openPglite } from "./open";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontdesk-lock-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// A second process opens the folder through the same code path the app uses.
function openInAnotherProcess(): { status: number | null; output: string } {
  const script = `
    import { openPglite } from ${JSON.stringify(path.resolve("src/db/open.ts"))};
    const h = await openPglite(${JSON.stringify(dir)});
    await h.db.execute("select 1");
    await h.close();
    console.log("opened");`;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: child.status, output: `${child.stdout}${child.stderr}` };
}

describe("the embedded data folder", () => {
  it("refuses a second process with a clear message and still opens afterwards", async () => {
    const owner = await openPglite(dir);
    await owner.db.execute("create table kept (v int)");
    await owner.db.execute("insert into kept values (42)");

    const second = openInAnotherProcess();
    expect(second.status).not.toBe(0);
    expect(second.output).toContain("is already open in another process");
    expect(second.output).toContain(`pid ${process.pid}`);

    await owner.close();
    const again = openInAnotherProcess();
    expect(again.output).toContain("opened");
    expect(again.status).toBe(0);

    const reopened = await openPglite(dir);
    const rows = (await reopened.db.execute("select v from kept")) as unknown as { rows: { v: number }[] };
    expect(rows.rows).toEqual([{ v: 42 }]);
    await reopened.close();
  }, 120_000);
});
