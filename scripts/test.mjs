// `npm test`: every test this machine can run. Unit and integration tests on PGlite, and on PostgreSQL
// too when DATABASE_URL is set; then the browser tests in Debian's Chromium against a built app.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, ".cache", "results");
fs.rmSync(results, { recursive: true, force: true });
fs.mkdirSync(results, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" };
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const started = Date.now();

console.log(
  `[test] drivers: pglite${process.env.DATABASE_URL ? " + postgres (DATABASE_URL)" : " (set DATABASE_URL to add PostgreSQL)"}`,
);
const vitest = spawnSync(
  bin("vitest"),
  ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${path.join(results, "vitest.json")}`],
  { cwd: root, env, stdio: "inherit" },
);

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
let e2e = { status: 1 };
const browserMissing = !fs.existsSync(chromium);
if (browserMissing) {
  console.error(
    `[test] Chromium is missing at ${chromium}: install Debian's chromium (apt-get install chromium).`,
  );
} else {
  e2e = spawnSync(bin("playwright"), ["test", "--reporter=list,json"], {
    cwd: root,
    env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(results, "e2e.json") },
    stdio: "inherit",
  });
}

const read = (file) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(results, file), "utf8"));
  } catch {
    return null;
  }
};
const v = read("vitest.json");
const p = read("e2e.json");
const passed = (v?.numPassedTests ?? 0) + (p?.stats?.expected ?? 0) + (p?.stats?.flaky ?? 0);
const failed = (v?.numFailedTests ?? 0) + (p?.stats?.unexpected ?? 0);
const skipped = (v?.numPendingTests ?? 0) + (v?.numTodoTests ?? 0) + (p?.stats?.skipped ?? 0);
const seconds = Math.round((Date.now() - started) / 1000);
// Integration files run once per driver. A file's PostgreSQL run can hold more tests than its PGlite run
// (some need real connections and are registered only there), never fewer: of a file's two runs, the
// smaller is PGlite's.
const drivers = process.env.DATABASE_URL ? 2 : 1;
let unit = 0;
const runsByFile = new Map();
for (const file of v?.testResults ?? []) {
  const passedHere = file.assertionResults.filter((a) => a.status === "passed").length;
  if (!file.name.includes(".integration.test.")) unit += passedHere;
  else runsByFile.set(file.name, [...(runsByFile.get(file.name) ?? []), passedHere]);
}
let pglite = 0;
let postgres = 0;
for (const runs of runsByFile.values()) {
  const [smaller = 0, larger = 0] = [...runs].sort((a, b) => a - b);
  pglite += smaller;
  if (drivers === 2) postgres += larger;
}
console.log(
  `[test] unit ${unit}; integration ${pglite} on pglite${drivers === 2 ? ` and ${postgres} on postgres` : ""}`,
);
console.log(
  `[test] vitest: ${v?.numPassedTests ?? 0} passed, ${v?.numFailedTests ?? "?"} failed; browser: ${browserMissing ? "not run" : `${p?.stats?.expected ?? 0} passed, ${p?.stats?.unexpected ?? "?"} failed`}; ${seconds}s`,
);
console.log(
  `tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}${browserMissing ? "; browser tests not run (Chromium missing)" : ""}`,
);
const ok = vitest.status === 0 && e2e.status === 0 && failed === 0 && skipped === 0 && passed > 0;
process.exit(ok ? 0 : 1);
