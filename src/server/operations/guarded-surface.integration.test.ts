import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Operation } from "./define-operation";

// So the holes stay closed (SPEC §1, §11): every way in is an operation, every operation checks the
// session first, and the public ones are exactly these. A new public operation, route handler or server
// action fails here until it is added on purpose (and the browser suite checks the build, security.spec.ts).
const PUBLIC_OPERATIONS = [
  "plan prices",
  "read team invitation",
  "request password reset",
  "reset password",
  "sign in",
  "sign out",
  "sign up",
  "stripe webhook",
  "submit demo request",
];

// Every module in this folder, so a new capability's operations are checked without being listed here.
const operationsDir = path.join(process.cwd(), "src", "server", "operations");
const modules: Record<string, unknown>[] = await Promise.all(
  fs
    .readdirSync(operationsDir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => import(path.join(operationsDir, f))),
);
const operations = modules
  .flatMap((module) => Object.values(module))
  .filter((value): value is Operation<object> => typeof value === "function" && "access" in value);

const appDir = path.join(process.cwd(), "src", "app");
const filesUnder = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));

describe("the guarded surface", () => {
  it("public operations are exactly the allowlist", () => {
    const publicOnes = operations.filter((op) => op.access === "public").map((op) => op.operationName);
    expect(publicOnes.sort()).toEqual(PUBLIC_OPERATIONS);
  });

  it.each(operations.filter((op) => op.access !== "public").map((op) => [op.operationName, op] as const))(
    "%s refuses a visitor before it reads its input",
    async (_name, op) => {
      expect(await op(new Headers(), { anything: "at all" })).toMatchObject({
        ok: false,
        code: "unauthenticated",
      });
    },
  );

  it("every server action and route handler hands its work to an operation", () => {
    const sources = filesUnder(appDir).filter((f) => /\.(ts|tsx)$/.test(f));
    const entryPoints = sources.filter(
      (f) => /[/\\]route\.ts$/.test(f) || fs.readFileSync(f, "utf8").startsWith('"use server"'),
    );
    expect(entryPoints.length).toBeGreaterThan(10);
    for (const file of entryPoints) {
      // Better Auth's own endpoints are its handler's; everything else goes through an operation.
      if (file.includes(`${path.sep}api${path.sep}auth${path.sep}`)) continue;
      const name = path.relative(process.cwd(), file);
      // Each export runs up to the next one: every one of them must call an operation.
      const exports = fs
        .readFileSync(file, "utf8")
        .split(/^export /m)
        .slice(1)
        .filter((body) => !/^(type|interface) /.test(body));
      expect(exports.length, name).toBeGreaterThan(0);
      for (const body of exports) {
        expect(body, `${name}: ${body.slice(0, 60)}… calls an operation`).toMatch(/\w+Operation\b/);
      }
    }
  });
});
