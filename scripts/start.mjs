// `npm start`: build if the build is missing or older than the source, then serve on PORT (3000).
// Without NODE_ENV=production it runs in demo mode: embedded database, demo data, logins printed.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const production = process.env.NODE_ENV === "production";
if (!production) env.FRONTDESK_DEMO = "1";

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

const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
if (!buildIsCurrent()) {
  console.log("[frontdesk] Building the app (first start or changed source)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, env, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const port = process.env.PORT ?? "3000";
env.APP_URL ??= `http://localhost:${port}`;
console.log(`[frontdesk] Starting on ${env.APP_URL}${production ? "" : " (demo mode, embedded database)"}`);
const server = spawn(process.execPath, [nextBin, "start", "-p", port], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
