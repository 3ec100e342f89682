// `npm start`: build if the build is missing or older than the source, then serve on PORT (3000) through
// scripts/serve.mjs (one process, or one per core on PostgreSQL).
// Without NODE_ENV=production it runs in demo mode: embedded database, demo data, logins printed.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const production = process.env.NODE_ENV === "production";
if (!production) env.FRONTDESK_DEMO = "1";

/**
 * A secret made once per install and kept beside its data (never a constant: a shared demo secret would
 * let anyone forge events to every demo install).
 */
function installSecret(file) {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    const secret = `whsec_${crypto.randomBytes(24).toString("base64url")}`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsCurrent() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return false;
  const built = fs.statSync(buildId).mtimeMs;
  const inputs = ["src", "package-lock.json", "next.config.ts"].map((p) => path.join(root, p));
  return inputs.every(
    (p) =>
      !fs.existsSync(p) || (fs.statSync(p).isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs) < built,
  );
}

/** Whether nothing listens on the port yet (checked before anything starts, so nothing is left running). */
const portFree = (port, host) =>
  new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen({ port: Number(port), host }, () => probe.close(() => resolve(true)));
  });

const port = process.env.PORT ?? "3000";
const useEmulator = !production && !process.env.STRIPE_SECRET_KEY;
const stripePort = process.env.STRIPE_EMULATOR_PORT ?? "12111";
const busy = [
  [port, undefined, "PORT", ""],
  ...(useEmulator ? [[stripePort, "127.0.0.1", "STRIPE_EMULATOR_PORT", " (the local Stripe emulator)"]] : []),
];
for (const [number, host, variable, what] of busy) {
  if (!(await portFree(number, host))) {
    console.error(
      `[frontdesk] Port ${number}${what} is already in use, so Frontdesk did not start: stop what is using it, or pick another port with ${variable}=${Number(number) + 1} npm start.`,
    );
    process.exit(1);
  }
}

const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
if (!buildIsCurrent()) {
  console.log("[frontdesk] Building the app (first start or changed source)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, env, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

env.APP_URL ??= `http://localhost:${port}`;

// Without a Stripe key, demo mode bills against the local Stripe emulator (SPEC §6): same SDK, same code
// path, webhooks signed with the same scheme. With a key set it is never started.
let emulator = null;
if (useEmulator) {
  const dataDir = path.resolve(root, process.env.FRONTDESK_DATA_DIR ?? "data/pglite");
  env.STRIPE_WEBHOOK_SECRET ??= installSecret(path.join(path.dirname(dataDir), "stripe-webhook-secret"));
  env.STRIPE_EMULATOR_URL = `http://127.0.0.1:${stripePort}`;
  emulator = spawn(process.execPath, ["--import", "tsx", path.join(root, "tools/stripe-emulator/cli.ts")], {
    cwd: root,
    stdio: "inherit",
    env: {
      ...env,
      STRIPE_EMULATOR_PORT: stripePort,
      STRIPE_EMULATOR_WEBHOOK_URL: `http://127.0.0.1:${port}/api/webhooks/stripe`,
      STRIPE_EMULATOR_STATE_FILE: path.join(path.dirname(dataDir), "stripe-emulator.json"),
    },
  });
  emulator.on("exit", (code) => {
    // It could not start (it said why): nothing else should keep running.
    if (code === 2) {
      server?.kill("SIGTERM");
      process.exit(1);
    }
    if (code)
      console.error(
        `[frontdesk] the Stripe emulator stopped (exit ${code}); payments will fail until restart.`,
      );
  });
}
const database = process.env.DATABASE_URL ? "PostgreSQL" : "embedded database";
console.log(`[frontdesk] Starting on ${env.APP_URL}${production ? "" : ` (demo mode, ${database})`}`);
env.PORT = port;
const server = spawn(process.execPath, [path.join(root, "scripts", "serve.mjs")], {
  cwd: root,
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.kill(signal);
    emulator?.kill(signal);
  });
}
server.on("exit", (code) => {
  emulator?.kill("SIGTERM");
  process.exit(code ?? 0);
});
