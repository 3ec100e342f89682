// `npm run worker`: the scheduled jobs for deployments that run several app servers (or want the jobs
// out of the web process). Safe beside the in-process jobs: every job takes its rows with SKIP LOCKED.
import { closeDatabase, getDatabase } from "@/db/client";
import { startJobs } from "@/jobs/run-jobs";

const handle = await getDatabase();
console.log(`[worker] running scheduled jobs on ${handle.driver}`);
const stop = startJobs(handle.db);
const keepAlive = setInterval(() => {}, 60_000);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    stop();
    clearInterval(keepAlive);
    await closeDatabase();
    process.exit(0);
  });
}
