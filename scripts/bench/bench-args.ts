// What every database benchmark reads from its command line and environment: `--flag`, `--option value`,
// the driver (PostgreSQL when DATABASE_URL is set, else PGlite in memory) and the sizes to seed
// (`--n 10000,100000` or BENCH_N; by default 1M too on PostgreSQL).
const args = process.argv.slice(2);

export const flag = (name: string) => args.includes(`--${name}`);

export const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

export const postgresUrl = process.env.DATABASE_URL;
export const driver = postgresUrl ? "postgres" : "pglite";

export const sizes = (
  option("n") ??
  process.env.BENCH_N ??
  (driver === "postgres" ? "10000,100000,1000000" : "10000,100000")
)
  .split(",")
  .map((s) => Number(s.replace(/_/g, "")))
  .filter((n) => n > 0);
