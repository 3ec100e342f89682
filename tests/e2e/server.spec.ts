import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";

// The production server itself (scripts/serve.mjs, what `npm start` runs), started beside the one the
// browser tests use. It needs the build those tests already made.
const root = process.cwd();
const SECRET = "server-spec-secret-0123456789abcdef0123";

function startServer(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = "";
  const { DATABASE_URL: _, ...inherited } = process.env;
  const child = spawn(process.execPath, [path.join(root, "scripts/serve.mjs")], {
    cwd: root,
    env: { ...inherited, NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  return { child, output: () => output };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

const childrenOf = (pid: number) => {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .trim()
      .split("\n")
      .filter(Boolean);
  } catch {
    return [];
  }
};

test("a production server without a real secret stops at once and says why", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "frontdesk-serve-"));
  const server = startServer({ NODE_ENV: "production", PORT: "3291", FRONTDESK_DATA_DIR: dataDir });
  expect(await exited(server.child)).toBe(1);
  expect(server.output()).toContain("BETTER_AUTH_SECRET must be set");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** `npm start` itself (scripts/start.mjs), in demo mode on a data folder of its own. */
function startDemo(env: Record<string, string>) {
  let output = "";
  // Demo mode is what a newcomer runs: no NODE_ENV, no DATABASE_URL.
  const demoEnv: Record<string, string | undefined> = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    ...env,
  };
  delete demoEnv.DATABASE_URL;
  delete demoEnv.NODE_ENV;
  // Next types NODE_ENV as always set; this child must run without it, as a newcomer does.
  const child = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
    cwd: root,
    env: demoEnv as unknown as NodeJS.ProcessEnv,
  });
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  return { child, output: () => output };
}

const occupy = (port: number, host?: string) =>
  new Promise<net.Server>((resolve) => {
    const blocker = net.createServer();
    blocker.listen({ port, host }, () => resolve(blocker));
  });

for (const busy of [
  { name: "the app's port", port: 3293, emulator: 12393, blocked: 3293, host: undefined, variable: "PORT" },
  {
    name: "the Stripe emulator's port",
    port: 3294,
    emulator: 12394,
    blocked: 12394,
    host: "127.0.0.1",
    variable: "STRIPE_EMULATOR_PORT",
  },
]) {
  test(`with ${busy.name} taken, npm start says so in one sentence and stops before anything starts`, async () => {
    const blocker = await occupy(busy.blocked, busy.host);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "frontdesk-busy-"));
    try {
      const start = startDemo({
        PORT: String(busy.port),
        STRIPE_EMULATOR_PORT: String(busy.emulator),
        FRONTDESK_DATA_DIR: path.join(dataDir, "pglite"),
      });
      expect(await exited(start.child)).toBe(1);
      const lines = start.output().trim().split("\n");
      expect(lines).toEqual([
        expect.stringMatching(new RegExp(`Port ${busy.blocked}.* is already in use.*${busy.variable}=`)),
      ]);
      expect(start.output()).not.toContain("Demo logins");
      expect(childrenOf(start.child.pid!)).toEqual([]);
      expect(fs.existsSync(path.join(dataDir, "pglite"))).toBe(false);
    } finally {
      blocker.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

// Several processes need PostgreSQL (the embedded database allows one), so this runs where the
// PostgreSQL integration suite runs: when DATABASE_URL is set.
if (process.env.DATABASE_URL) {
  test("on PostgreSQL it serves from WEB_CONCURRENCY processes, replaces one that dies, and stops cleanly", async () => {
    test.setTimeout(120_000);
    const adminUrl = process.env.DATABASE_URL!;
    const name = `frontdesk_serve_${crypto.randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const port = 3292;
    const server = startServer({
      NODE_ENV: "production",
      DATABASE_URL: url.toString(),
      WEB_CONCURRENCY: "2",
      PORT: String(port),
      APP_URL: `http://localhost:${port}`,
      BETTER_AUTH_SECRET: SECRET,
    });
    try {
      await expect
        .poll(server.output, { timeout: 90_000 })
        .toContain(`Listening on port ${port} (2 processes)`);
      const primary = server.child.pid!;
      expect(childrenOf(primary)).toHaveLength(2);
      for (let i = 0; i < 4; i++) expect((await fetch(`http://localhost:${port}/login`)).status).toBe(200);

      // The first process migrated alone: every migration is recorded exactly once.
      const db = new pg.Client({ connectionString: url.toString() });
      await db.connect();
      const journal = JSON.parse(
        fs.readFileSync(path.join(root, "src/db/migrations/meta/_journal.json"), "utf8"),
      );
      const { rows } = await db.query("select count(*)::int as n from drizzle.__drizzle_migrations");
      await db.end();
      expect(rows[0].n).toBe(journal.entries.length);

      const [victim] = childrenOf(primary);
      process.kill(Number(victim), "SIGKILL");
      await expect
        .poll(() => childrenOf(primary).filter((pid) => pid !== victim).length, { timeout: 60_000 })
        .toBe(2);
      await expect.poll(server.output).toContain("a server process stopped");
      await expect
        .poll(async () => (await fetch(`http://localhost:${port}/login`).catch(() => null))?.status, {
          timeout: 60_000,
        })
        .toBe(200);

      server.child.kill("SIGTERM");
      expect(await exited(server.child)).toBe(0);
      expect(childrenOf(primary)).toHaveLength(0);
    } finally {
      server.child.kill("SIGKILL");
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
}
