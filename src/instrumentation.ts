// Runs once when the server starts, before it accepts requests: migrate, seed demo data in demo mode,
// and start the in-process jobs of the embedded setup (src/server-start.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerOrExit } = await import("./server-start");
  await startServerOrExit();
}
