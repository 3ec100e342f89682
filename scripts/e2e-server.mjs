// The server the browser tests run against: demo mode on a fresh embedded database in .cache/e2e.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const dataDir = path.join(root, ".cache", "e2e", "pglite");
fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
process.env.FRONTDESK_DATA_DIR = dataDir;
// The browser tests exercise the embedded default; PostgreSQL is covered by the integration suite.
delete process.env.DATABASE_URL;
// Browser tests sign in many times a minute from one address; the limiter has its own integration test.
process.env.AUTH_RATE_LIMIT = "off";
// A browser fills the demo form in well under the 3 s a person needs; a short minimum keeps the check on
// (a too-fast submit is proven neither stored nor told apart in submit-demo-request.integration.test.ts).
process.env.DEMO_MIN_FILL_MS ??= "100";
// Its own Stripe emulator port, so a dev server on the default 12111 can keep running; the billing spec uses it.
process.env.STRIPE_EMULATOR_PORT ??= "12311";
await import("./start.mjs");
