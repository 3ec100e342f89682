import path from "node:path";
import type { TestProjectConfiguration } from "vitest/config";
import { defineConfig } from "vitest/config";

const integration = (name: "pglite" | "postgres"): TestProjectConfiguration => ({
  extends: true,
  test: {
    name,
    include: ["src/**/*.integration.test.ts"],
    env: { TEST_DB: name },
    globalSetup: [`tests/setup/global-${name}.ts`],
    setupFiles: ["tests/setup/integration.ts"],
  },
});

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "src") } },
  test: {
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      BETTER_AUTH_SECRET: "test-secret-that-is-long-enough-for-better-auth",
      APP_URL: "http://localhost:3000",
      FRONTDESK_JOBS: "off",
    },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "tools/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "**/node_modules/**"],
        },
      },
      integration("pglite"),
      ...(process.env.DATABASE_URL ? [integration("postgres")] : []),
    ],
  },
});
