// The HTTP server `npm start` runs: Next's request handler on node:http, in WEB_CONCURRENCY processes.
//
// One Node process renders on one core, so on PostgreSQL the default is one process per core (node:cluster
// shares the port between them). The embedded database can be opened by one process only, so without
// DATABASE_URL there is exactly one. The first process starts alone and does the start-up work
// (migrations, demo seed, in-process jobs; src/server-start.ts); the others start once it reports that
// work done, and skip it (FRONTDESK_FOLLOWER), so it never runs twice at once.
import cluster from "node:cluster";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { CLIENT_ADDRESS_HEADER, clientAddress, trustedProxyCount } from "./lib/client-address.mjs";

// As `next start` does: the built app always runs React's and Next's production code (demo mode is
// marked by FRONTDESK_DEMO, not by NODE_ENV). Set before Next is loaded.
process.env.NODE_ENV = "production";
const { default: next } = await import("next");

const root = path.resolve(import.meta.dirname, "..");
// What src/server-start.ts sends its cluster primary when the start-up work is done.
const STARTED = "frontdesk:started";
const port = Number(process.env.PORT ?? 3000);
let trustedProxies;
try {
  trustedProxies = trustedProxyCount(process.env.TRUSTED_PROXIES);
} catch (error) {
  console.error(`[frontdesk] ${error.message}`);
  process.exit(1);
}

function processCount() {
  const asked = process.env.WEB_CONCURRENCY ? Number(process.env.WEB_CONCURRENCY) : null;
  if (!process.env.DATABASE_URL) {
    if (asked && asked > 1)
      console.warn("[frontdesk] WEB_CONCURRENCY is ignored: the embedded database allows one process.");
    return 1;
  }
  if (asked !== null && (!Number.isInteger(asked) || asked < 1)) {
    console.error(`[frontdesk] WEB_CONCURRENCY must be a whole number of at least 1 (got "${asked}").`);
    process.exit(1);
  }
  return asked ?? os.availableParallelism();
}

async function serve() {
  const app = next({ dev: false, dir: root, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  // HSTS only where the app is really served over HTTPS in production (not demo mode on localhost); the
  // rest of the security headers come from next.config.ts.
  const hsts =
    process.env.FRONTDESK_DEMO !== "1" && (process.env.APP_URL ?? "").startsWith("https://")
      ? "max-age=63072000; includeSubDomains"
      : null;
  const server = http.createServer((request, response) => {
    if (hsts) response.setHeader("Strict-Transport-Security", hsts);
    // The app's only source for the client's address (rate limits, the demo form): set here from the
    // socket, overwriting whatever a client sent under this name.
    request.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
      request.socket.remoteAddress,
      request.headers["x-forwarded-for"],
      trustedProxies,
    );
    return handle(request, response);
  });
  server.once("error", (error) => {
    if (error.code !== "EADDRINUSE") throw error;
    console.error(
      `[frontdesk] Port ${port} is already in use, so Frontdesk did not start: stop what is using it, or pick another port with PORT=${port + 1} npm start.`,
    );
    process.exit(1);
  });
  server.listen(port, () => {
    if (cluster.isPrimary) console.log(`[frontdesk] Listening on port ${port}`);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      server.close(() => process.exit(0));
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 5000).unref();
    });
  }
}

function supervise(count) {
  let stopping = false;
  // Each process reports (STARTED) when its start-up work is done; then it counts as running.
  const fork = (env, onStarted) => {
    const worker = cluster.fork(env);
    worker.env = env;
    worker.on("message", (message) => {
      if (message?.type !== STARTED || worker.started) return;
      worker.started = true;
      onStarted?.();
    });
  };
  fork({}, () => {
    for (let i = 1; i < count; i++) fork({ FRONTDESK_FOLLOWER: "1" });
    console.log(`[frontdesk] Listening on port ${port} (${count} processes)`);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    if (!worker.started) {
      // It failed while starting (say, a migration or a missing secret): restarting would fail again.
      console.error(`[frontdesk] a server process failed to start (exit ${code ?? signal}).`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill();
      process.exitCode = code || 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    console.error(`[frontdesk] a server process stopped (exit ${code ?? signal}); starting another.`);
    fork(worker.env);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(signal);
    });
  }
}

if (cluster.isPrimary) {
  const count = processCount();
  if (count > 1) supervise(count);
  else await serve();
} else {
  await serve();
}
