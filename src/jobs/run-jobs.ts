import type { Database } from "@/db/types";
import { expireMemberships } from "@/features/billing/expire-memberships";
import { deliverOutbox } from "@/features/notifications/deliver-outbox";

type Job = { name: string; everyMs: number; run: (db: Database) => Promise<unknown> };

// Every scheduled job takes its rows with FOR UPDATE SKIP LOCKED, so running these in-process on each
// app server and in `npm run worker` at the same time never does one piece of work twice.
const jobs: Job[] = [
  { name: "outbox delivery", everyMs: 15_000, run: (db) => deliverOutbox(db) },
  { name: "membership expiry", everyMs: 60_000, run: (db) => expireMemberships(db) },
];

export function startJobs(db: Database): () => void {
  const timers = jobs.map((job) => {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await job.run(db);
      } catch (error) {
        console.error(`[jobs] ${job.name} failed:`, error);
      } finally {
        running = false;
      }
    };
    const timer = setInterval(tick, job.everyMs);
    timer.unref();
    return timer;
  });
  return () => {
    for (const t of timers) clearInterval(t);
  };
}
