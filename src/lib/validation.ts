import type { ZodType } from "zod";
import { type Failure, fail } from "./result";

/** Parses with a shared schema; a failure carries one sentence per field, ready to show beside it. */
export function parseInput<T>(schema: ZodType<T>, raw: unknown): { ok: true; data: T } | Failure {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join(".") || "form";
    fields[key] ??= issue.message;
  }
  return fail("invalid", "Please correct the highlighted fields.", fields);
}
