import path from "node:path";
import { defineConfig } from "vitest/config";

// Only used with `--root tools/stripe-emulator`; keeps the emulator's suite
// self-contained and independent of whatever the app's config includes.
export default defineConfig({
  // Keep Vite's cache with the repository's, not in a node_modules folder here.
  cacheDir: path.resolve(import.meta.dirname, "../../node_modules/.vite/stripe-emulator"),
  test: {
    include: ["*.test.ts"],
    testTimeout: 10_000,
    hookTimeout: 10_000,
  },
});
