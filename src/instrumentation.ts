// Runs once when the server starts, before it accepts requests: migrate, seed demo data in demo mode,
// and start the in-process jobs of the embedded setup. If that fails (no secret in production, database
// unreachable, a migration refused), the process stops rather than serve errors.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./server-start");
  try {
    await startServer();
  } catch (error) {
    console.error("[frontdesk] The server could not start:", error);
    process.exit(1);
  }
}
