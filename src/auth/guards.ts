import type { ZodType } from "zod";
import { getDb } from "@/db/client";
import type { Database } from "@/db/types";
import { type Actor, canUseSalesConsole, isAdmin } from "@/features/accounts/load-actor";
import { readBody } from "@/lib/read-body";
import { type Failure, fail, httpStatusOf, type Result } from "@/lib/result";
import { parseInput } from "@/lib/validation";
import { getActor } from "./session";

export type Permission = "signed-in" | "sales" | "admin";

const permits: Record<Permission, (actor: Actor) => boolean> = {
  "signed-in": () => true,
  sales: canUseSalesConsole,
  admin: isAdmin,
};

const refusals: Record<Permission, string> = {
  "signed-in": "",
  sales: "Only sales reps and admins may do this.",
  admin: "Only admins may do this.",
};

/** What a guarded handler gets: the database, the actor, and the request headers (Better Auth calls need them). */
export type Context = { db: Database; actor: Actor; headers: Headers };

/** Checks the session and the permission; every server action and route handler starts here. */
export async function authorize(
  headers: Headers,
  permission: Permission,
): Promise<({ ok: true } & Context) | Failure> {
  const actor = await getActor(headers);
  if (!actor) return fail("unauthenticated", "Please sign in to continue.");
  if (!permits[permission](actor)) return fail("forbidden", refusals[permission]);
  return { ok: true, actor, db: await getDb(), headers };
}

/**
 * Builds a guarded operation: session and permission first, then the input parsed with the feature's
 * schema, then the handler. Server actions and route handlers are thin adapters around one of these.
 */
export function guarded<I, T extends object>(
  permission: Permission,
  schema: ZodType<I>,
  handler: (ctx: Context, input: I) => Promise<Result<T>>,
): (headers: Headers, raw: unknown) => Promise<Result<T>> {
  return async (headers, raw) => {
    const auth = await authorize(headers, permission);
    if (!auth.ok) return auth;
    const parsed = parseInput(schema, raw);
    if (!parsed.ok) return parsed;
    try {
      return await handler({ db: auth.db, actor: auth.actor, headers }, parsed.data);
    } catch (error) {
      console.error(`[action] unexpected error for ${auth.actor.id}:`, error);
      return fail("unavailable", "Something went wrong on our side. Please try again in a moment.");
    }
  };
}

/** Turns a guarded operation's result into a JSON response with the matching status code. */
export function toResponse<T extends object>(result: Result<T>): Response {
  if (result.ok) return Response.json(result);
  return Response.json(
    { error: { code: result.code, message: result.message, fields: result.fields } },
    { status: httpStatusOf[result.code] },
  );
}

/** A POST route handler for a guarded operation: the body (JSON or form) is the operation's input. */
export function postRoute<T extends object>(
  operation: (headers: Headers, raw: unknown) => Promise<Result<T>>,
) {
  return async (request: Request): Promise<Response> =>
    toResponse(await operation(request.headers, await readBody(request)));
}
